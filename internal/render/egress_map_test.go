package render

import (
	"fmt"
	"strings"
	"testing"

	"terrarium/internal/change"
	"terrarium/internal/plan"
	"terrarium/schema"
)

func limitedSpec(name string, hosts ...string) *schema.EnvSpec {
	return &schema.EnvSpec{Name: name, Config: schema.EnvConfig{Type: schema.ConfigCloud,
		Networking: &schema.Networking{Type: schema.NetworkingLimited, AllowedHosts: hosts}}}
}

// mapPlan is a plan updating one environment from before's hosts to
// after's.
func mapPlan(before, after []string) *plan.Plan {
	b := &schema.LiveEnv{ID: "env_1", EnvSpec: *limitedSpec("web", before...)}
	a := limitedSpec("web", after...)
	return &plan.Plan{Stack: "s",
		Changes: []plan.Change{{Address: "environment.web", Action: plan.ActionUpdate, Before: b, After: a}},
		Egress:  []plan.EgressDelta{{Address: "environment.web", Name: "web", Action: plan.ActionUpdate, Items: change.EgressOf(&b.EnvSpec, a)}}}
}

// TestEgressMapHostileLabels: a host with quotes, brackets, backticks, a
// fence, a newline or markup cannot end its label, the mermaid block or the
// comment.
func TestEgressMapHostileLabels(t *testing.T) {
	evil := "https://x.example/\"]) --> pwn[\"<img src=x onerror=alert(1)>\n```\n# heading `code`;#"
	m := EgressMap(mapPlan([]string{"https://ok.example"}, []string{"https://ok.example", evil}))
	body := strings.TrimSuffix(strings.TrimPrefix(m, "```mermaid\n"), "```\n\n")
	if strings.Contains(body, "```") || strings.Contains(body, "<img") || strings.Contains(body, "\"]) -->") || strings.Count(m, "\n#") != 0 {
		t.Fatalf("hostile host escaped its label:\n%s", m)
	}
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		if !strings.HasPrefix(line, "  ") && line != "flowchart LR" {
			t.Fatalf("line %q is not part of the graph:\n%s", line, m)
		}
	}
	if !strings.Contains(m, "==>|widened|") || !strings.Contains(m, `#34;`) {
		t.Fatalf("widened edge or entity missing:\n%s", m)
	}
	if EgressMap(&plan.Plan{}) != "" {
		t.Fatal("a map without egress changes")
	}
}

// TestEgressMapCollapses: past the size bound the unchanged hosts fold into
// one node per environment, the widened and removed edges stay.
func TestEgressMapCollapses(t *testing.T) {
	var hosts []string
	for i := range 100 {
		hosts = append(hosts, fmt.Sprintf("https://h%03d.example", i))
	}
	m := EgressMap(mapPlan(hosts[1:], append(hosts[2:], "https://new.example")))
	if !strings.Contains(m, "98 unchanged host(s) of environment.web") || strings.Contains(m, "h050.example") {
		t.Fatalf("not folded:\n%s", m)
	}
	if !strings.Contains(m, "==>|widened|") || !strings.Contains(m, "-.->|removed|") || strings.Count(m, "\n") > 20 {
		t.Fatalf("folded map:\n%s", m)
	}
}

// TestEgressMapHidesSensitiveHosts: hosts from a sensitive variable are
// counted, not named.
func TestEgressMapHidesSensitiveHosts(t *testing.T) {
	p := mapPlan([]string{"https://secret-a.example"}, []string{"https://secret-a.example", "https://secret-b.example"})
	p.Changes[0].Sensitive = []string{schema.PathAllowedHosts}
	m := EgressMap(p)
	if strings.Contains(m, "secret") || !strings.Contains(m, "1 sensitive host(s) of environment.web") {
		t.Fatalf("sensitive hosts in the map:\n%s", m)
	}
}
