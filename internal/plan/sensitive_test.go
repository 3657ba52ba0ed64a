package plan

import (
	"testing"

	"terrarium/schema"
)

func TestHideSensitive(t *testing.T) {
	desc := "token hush42hush"
	c := &Change{
		After: &schema.EnvSpec{Name: "app", Description: &desc, Metadata: map[string]string{"k": "hush42hush", "plain": "visible"},
			Config: schema.EnvConfig{Type: schema.ConfigCloud, Networking: &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{"https://hush42hush.example"}}}},
		Sensitive: []string{schema.PathDescription, "metadata.k", schema.PathAllowedHosts},
	}
	msg := `update env_1: description "token hush42hush" is too long; host https://hush42hush.example refused; metadata k=hush42hush plain=visible`
	want := `update env_1: description "(sensitive value)" is too long; host (sensitive value) refused; metadata k=(sensitive value) plain=visible`
	if got := HideSensitive(c, msg); got != want {
		t.Errorf("HideSensitive:\n got %s\nwant %s", got, want)
	}
	if got := HideSensitive(&Change{After: c.After}, msg); got != msg {
		t.Errorf("a change with nothing sensitive changed the message: %s", got)
	}
}

// A metadata map sensitive as a whole hides its keys too: in an API
// error's text and in the whole objects views print.
func TestWholeMetadataHidesKeys(t *testing.T) {
	c := &Change{
		After: &schema.EnvSpec{Name: "app", Metadata: map[string]string{"hushkey": "hushval", schema.MetaStack: "s"},
			Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}},
		Sensitive: []string{schema.PathMetadata},
	}
	msg := `invalid metadata: key "hushkey" value "hushval"`
	if got := HideSensitive(c, msg); got != `invalid metadata: key "(sensitive value)" value "(sensitive value)"` {
		t.Errorf("HideSensitive = %s", got)
	}
	r := RedactSpec(c.After, c.Sensitive)
	if len(r.Metadata) != 1 || r.Metadata[schema.SensitiveMapKey] != "" || !r.MetadataSensitive {
		t.Errorf("RedactSpec metadata = %q (sensitive as a whole: %v), want only the sensitive-map key, marked sensitive as a whole", r.Metadata, r.MetadataSensitive)
	}
	if c.After.MetadataSensitive {
		t.Error("RedactSpec marked the spec it was given")
	}
	if c.After.Metadata["hushkey"] != "hushval" {
		t.Error("RedactSpec changed the spec it was given")
	}
}

// An archive or delete has no After: what it sends (the park name, which
// is the name with a suffix) derives from Before, whose sensitive values
// an API error quoting it must not show either; nor may an update's error
// quote the value it replaces.
func TestHideSensitiveBefore(t *testing.T) {
	before := &schema.LiveEnv{ID: "env_1", EnvSpec: schema.EnvSpec{Name: "web-hush42hush"}}
	c := &Change{Before: before, Sensitive: []string{schema.PathName}}
	msg := `name: an environment named "web-hush42hush-archived-1a2b3c4d" already exists`
	if got := HideSensitive(c, msg); got != `name: an environment named "(sensitive value)-archived-1a2b3c4d" already exists` {
		t.Errorf("HideSensitive = %s", got)
	}
	c.After = &schema.EnvSpec{Name: "web-other42"}
	if got := HideSensitive(c, "renaming web-hush42hush to web-other42"); got != "renaming (sensitive value) to (sensitive value)" {
		t.Errorf("HideSensitive = %s", got)
	}
}
