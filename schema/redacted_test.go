package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A view's copy whose metadata map is sensitive as a whole writes the map
// as one marker, in JSON and in HCL, and names none of its keys.
func TestMetadataSensitiveAsAWhole(t *testing.T) {
	spec := EnvSpec{Name: "web", Metadata: map[string]string{MetaStack: "s"}, MetadataSensitive: true,
		Config: EnvConfig{Type: ConfigCloud}}
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"metadata":"(sensitive value)"`) || strings.Contains(string(b), MetaStack) {
		t.Errorf("EnvSpec JSON = %s, want metadata as one marker", b)
	}
	live := LiveEnv{ID: "env_1", EnvSpec: spec, CreatedAt: time.Unix(0, 0).UTC()}
	b, err = json.Marshal(live)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"metadata":"(sensitive value)"`) || !strings.Contains(string(b), `"id":"env_1"`) {
		t.Errorf("LiveEnv JSON = %s, want id and metadata as one marker", b)
	}
	hcl := string(EnvironmentHCL("environment.web", spec))
	if !strings.Contains(hcl, "metadata = (sensitive value)\n") {
		t.Errorf("EnvironmentHCL =\n%s\nwant metadata = (sensitive value)", hcl)
	}
}

// LiveEnv's JSON has every field of LiveEnv and of its spec, with the
// tags they declare, and round-trips (liveEnvJSON keeps in step).
func TestLiveEnvJSONFields(t *testing.T) {
	if n := reflect.TypeOf(LiveEnv{}).NumField(); n != 5 {
		t.Fatalf("LiveEnv has %d fields; liveEnvJSON lists 5: add the new one there", n)
	}
	desc := "d"
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	want := LiveEnv{ID: "env_1", EnvSpec: EnvSpec{Name: "web", Description: &desc, Metadata: map[string]string{"k": "v"},
		Scope: "org", Config: EnvConfig{Type: ConfigCloud}}, CreatedAt: at, UpdatedAt: at, ArchivedAt: &at}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got LiveEnv
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip of %s = %+v, want %+v", b, got, want)
	}
	if !strings.HasPrefix(string(b), `{"id":"env_1","name":"web",`) {
		t.Errorf("LiveEnv JSON = %s, want id first, then the spec's fields", b)
	}
}
