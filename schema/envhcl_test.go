package schema_test

import (
	"strings"
	"testing"

	"terrarium/internal/state/statetest"
	"terrarium/schema"
)

func TestEnvironmentHCLLeavesOutReservedKeys(t *testing.T) {
	e := statetest.Env{ID: "env_1", Name: "x", Meta: map[string]string{"team": "a"}}
	out := string(schema.EnvironmentHCL(`environment.x["k"]`, e.Live("s", "environment.x", statetest.Epoch).EnvSpec))
	if strings.Contains(out, "terrarium.") || !strings.Contains(out, `environment "x" {`) || !strings.Contains(out, `# instance ["k"]`) {
		t.Errorf("HCL:\n%s", out)
	}
}
