package schema

import (
	"strings"
	"testing"
)

// A view's copy whose metadata map is sensitive as a whole is written
// metadata = (sensitive value) in HCL, naming none of its keys.
func TestMetadataSensitiveAsAWholeHCL(t *testing.T) {
	spec := EnvSpec{Name: "web", Metadata: map[string]string{SensitiveMapKey: ""}, MetadataSensitive: true,
		Config: EnvConfig{Type: ConfigCloud}}
	hcl := string(EnvironmentHCL("environment.web", spec))
	if !strings.Contains(hcl, "\n  metadata = (sensitive value)\n") || strings.Contains(hcl, "sensitive-map") {
		t.Errorf("EnvironmentHCL =\n%s\nwant metadata = (sensitive value)", hcl)
	}
}

// ValuesAt gives the strings at a path; for the metadata map as a whole,
// its user keys and values, not terrarium's.
func TestValuesAt(t *testing.T) {
	d := "desc"
	s := &EnvSpec{Name: "web", Description: &d, Metadata: map[string]string{"k": "v", MetaStack: "s"}}
	if got := s.ValuesAt(PathDescription); len(got) != 1 || got[0] != "desc" {
		t.Errorf("description: %q", got)
	}
	got := s.ValuesAt(PathMetadata)
	if len(got) != 2 || got[0] != "k" || got[1] != "v" {
		t.Errorf("metadata: %q, want k and v", got)
	}
	if got := s.ValuesAt("metadata.absent"); got != nil {
		t.Errorf("an absent key: %q", got)
	}
}
