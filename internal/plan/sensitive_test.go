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
