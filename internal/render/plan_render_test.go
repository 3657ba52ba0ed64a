package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"terrarium/internal/diag"
	"terrarium/internal/golden"
	"terrarium/internal/plan"
	"terrarium/internal/plan/plantest"
	"terrarium/internal/state"
	"terrarium/schema"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func live(id string, e *schema.Environment) schema.LiveEnv {
	spec := *plan.OwnedSpec(e.Spec(), "platform", e.Address)
	spec.Scope = schema.ScopeOrganization
	return schema.LiveEnv{ID: id, EnvSpec: spec, CreatedAt: t0, UpdatedAt: t0}
}

// richPlan has one change of every kind, drift and lint findings.
func richPlan(t *testing.T) *plan.Plan {
	t.Helper()
	P := plantest.Packages
	longOld := "Data analysis for the finance team. Runs nightly jobs against the warehouse and publishes reports."
	longNew := "Data analysis for the finance and risk teams. Runs nightly jobs against the warehouse and publishes dashboards."
	oldAPI := plantest.Env("api", plantest.Desc(longOld), plantest.Meta("team", "data", "tier", "2"), P("pip", "pandas==2.2.0"),
		plantest.Limited(false, true, "https://pypi.org", "https://old.example"))
	newAPI := plantest.Env("api", plantest.Desc(longNew), plantest.Meta("team", "risk"), P("pip", "pandas==2.2.0", "numpy==2.1.0"),
		plantest.Limited(true, true, "https://pypi.org", "https://api.corp.example"))
	oldWorker := plantest.Env("worker")
	newWorker := plantest.Env("worker", plantest.SelfHosted())
	old := plantest.Env("legacy")
	moved := plantest.Env("svc", plantest.Name("svc"))
	kept := plantest.Env("kept")
	open := plantest.Env("open", plantest.Limited(false, false, "https://a.example"))

	lives := []schema.LiveEnv{live("env_api", oldAPI), live("env_worker", oldWorker), live("env_legacy", old),
		live("env_svc", plantest.Env("service", plantest.Name("svc"))), live("env_kept", kept), live("env_open", open)}
	imported := schema.LiveEnv{ID: "env_imp", EnvSpec: schema.EnvSpec{Name: "imp", Metadata: map[string]string{},
		Config: schema.EnvConfig{Type: schema.ConfigCloud, Networking: &schema.Networking{Type: schema.NetworkingUnrestricted}}}}
	lives = append(lives, imported)

	snap := &state.Snapshot{Stack: "platform", Lineage: "lin-1", Serial: 11, Resources: map[string]*state.Resource{}}
	for _, l := range lives[:len(lives)-1] {
		_, addr := l.Owner()
		snap.Resources[addr] = &state.Resource{Address: addr, ID: l.ID, Version: 3, Live: l}
	}
	// Someone widened environment.open in the console.
	lives[5] = live("env_open", plantest.Env("open", plantest.Limited(false, false, "https://a.example", "https://evil.example")))

	cfg := plantest.Config(newAPI, plantest.Env("imp", plantest.Limited(false, false)), plantest.Env("new", P("npm", "express@4.18.0"),
		plantest.Limited(false, true, "https://registry.npmjs.org")), open, moved, newWorker, plantest.Env("wide"))
	cfg.Moved = []*schema.Moved{{From: plantest.Str("environment.service"), To: plantest.Str("environment.svc")}}
	cfg.Imports = []*schema.Import{{To: plantest.Str("environment.imp"), ID: plantest.Str("env_imp")}}
	cfg.Removed = []*schema.Removed{{From: plantest.Str("environment.kept")}}
	p, diags := plan.Compute(plan.Input{Config: cfg, Live: lives, Snapshot: snap, Now: t0, ID: "plan_golden", ToolVersion: "v0.0.0-test", ConfigHash: "abc123",
		Lint: &plan.LintSummary{Warnings: 1, Findings: []plan.LintFinding{{Rule: "unrestricted-networking", Severity: "warning", Message: "environment.wide has unrestricted networking", Range: &diag.Range{Filename: "main.hcl", Start: diag.Pos{Line: 40, Column: 3, Byte: 900}, End: diag.Pos{Line: 40, Column: 20, Byte: 917}}, Address: "environment.wide"}}}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return p
}

func TestPlanTextGolden(t *testing.T) {
	p := richPlan(t)
	var buf bytes.Buffer
	if err := PlanText(&buf, p, false); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/plan_rich.txt", buf.Bytes())
	out := buf.String()
	if !strings.HasPrefix(out, "Egress changes") {
		t.Error("the egress delta must come first")
	}
	buf.Reset()
	_ = PlanText(&buf, p, true)
	golden.Check(t, "testdata/plan_rich_color.txt", buf.Bytes())
}

func TestPlanTextEmptyGolden(t *testing.T) {
	e := plantest.Env("a")
	p, _ := plan.Compute(plan.Input{Config: plantest.Config(e), Live: []schema.LiveEnv{live("env_a", e)}, Now: t0, ID: "plan_empty"})
	var buf bytes.Buffer
	_ = PlanText(&buf, p, false)
	golden.Check(t, "testdata/plan_empty.txt", buf.Bytes())
}

func TestPlanJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := PlanJSON(&buf, richPlan(t)); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/plan_rich.json", buf.Bytes())
	if _, err := plan.Unmarshal(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
}

func TestPlanMarkdownGolden(t *testing.T) {
	golden.Check(t, "testdata/plan_rich.md", []byte(PlanMarkdown(richPlan(t), MarkdownOptions{FullPlan: "the plan job's log"})))
}

// TestPlanMarkdownLimit renders 2,000 changes: the output stays under the
// limit, keeps the summary and egress delta, and says where the rest is.
func TestPlanMarkdownLimit(t *testing.T) {
	var envs []*schema.Environment
	for i := range 2000 {
		envs = append(envs, plantest.Env(fmt.Sprintf("env%04d", i), plantest.Desc(strings.Repeat("x", 80)),
			plantest.Limited(true, true, fmt.Sprintf("https://h%d.example", i))))
	}
	p, _ := plan.Compute(plan.Input{Config: plantest.Config(envs...), Now: t0, ID: "plan_big"})
	md := PlanMarkdown(p, MarkdownOptions{FullPlan: "the plan job's log"})
	if len(md) > MarkdownLimit {
		t.Fatalf("markdown is %d characters", len(md))
	}
	for _, want := range []string{"Plan: 2000 to create", "### Egress changes", "host added | 2000 | ⚠️ **widening**", "not shown", "the plan job's log"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// A smaller plan keeps every egress row.
	p.Changes, p.Egress = p.Changes[:50], p.Egress[:50]
	md = PlanMarkdown(p, MarkdownOptions{Limit: 60000})
	if len(md) > 60000 || !strings.Contains(md, "`environment.env0049` | host added: `https://h49.example`") {
		t.Errorf("egress rows cut, or over the limit (%d)", len(md))
	}
}

func TestPlanJSONMatchesSchema(t *testing.T) {
	var b bytes.Buffer
	if err := PlanJSON(&b, richPlan(t)); err != nil {
		t.Fatal(err)
	}
	validateJSON(t, "plan.schema.json", b.Bytes())
}
