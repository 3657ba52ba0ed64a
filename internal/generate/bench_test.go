package generate_test

import (
	"fmt"
	"testing"

	"terrarium/internal/generate"
	"terrarium/schema"
)

// BenchmarkFile generates configuration for 1,000 environments, a large
// organization's backlog, with colliding labels.
func BenchmarkFile(b *testing.B) {
	envs := make([]schema.LiveEnv, 1000)
	for i := range envs {
		envs[i] = schema.LiveEnv{ID: fmt.Sprintf("env_%04d", i), EnvSpec: schema.EnvSpec{
			Name: fmt.Sprintf("Team %d env", i%500), Metadata: map[string]string{"team": "t"}, Scope: schema.ScopeOrganization,
			Config: schema.EnvConfig{Type: schema.ConfigCloud, Packages: &schema.Packages{Pip: []string{"pandas==2.2.0"}},
				Networking: &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: []string{"https://pypi.org"}, AllowPackageManagers: true}},
		}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := generate.File(envs, nil); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}
