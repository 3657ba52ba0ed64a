package render

import (
	"strings"
	"testing"

	"terrarium/internal/render/escape"

	"terrarium/internal/change"
	"terrarium/internal/drift"
	"terrarium/internal/plan"
	"terrarium/schema/jsonschema"
)

// TestDriftMarkdownHostile: a hostile stack name cannot end the marker
// comment, a hostile directory cannot break out of the command block, and
// a host with table syntax stays in its cell.
func TestDriftMarkdownHostile(t *testing.T) {
	r := &drift.Report{Stack: "x --> <script>", Dir: "envs`\n```\nrm -rf /", Environments: []drift.Env{{
		Address: "environment.web", EnvID: "env_1", Reason: "changed outside terrarium",
		Egress: change.Egress{{Kind: change.EgressHostAdded, Host: "https://a|b<c>", Widening: true}},
	}}, Widening: 1}
	md := DriftMarkdown(r)
	first, _, _ := strings.Cut(md, "\n")
	if strings.Count(first, "-->") != 1 || !strings.HasSuffix(first, " -->") || strings.Contains(first, "<script") {
		t.Fatalf("marker: %q", first)
	}
	if strings.Contains(md, "rm -rf") || !strings.Contains(md, "terrarium apply DIR") {
		t.Fatalf("directory escaped the command block:\n%s", md)
	}
	if !strings.Contains(md, "<code>https&#58;//a&#124;b&#60;c&#62;</code>") {
		t.Fatalf("host not escaped:\n%s", md)
	}
	if DriftMarker("demo") != "<!-- terrarium-drift stack=demo -->" {
		t.Fatal(DriftMarker("demo"))
	}
}

// TestDriftJSONSchema: the JSON report matches drift.schema.json, with
// drift and without.
func TestDriftJSONSchema(t *testing.T) {
	for _, r := range []*drift.Report{
		drift.FromPlan(&plan.Plan{Stack: "s"}, "."),
		{FormatVersion: 1, Stack: "s", Dir: "envs", Widening: 1, Environments: []drift.Env{{
			Address: "environment.web", EnvID: "env_1", Reason: "changed outside terrarium", Revert: plan.ActionUpdate,
			Egress: change.Egress{{Kind: change.EgressHostAdded, Host: "https://evil.example", Widening: true}},
			Fields: []change.Field{{Path: "description", Before: "a", After: "b"}},
		}}},
	} {
		var b strings.Builder
		if err := DriftJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		if err := jsonschema.Validate("drift.schema.json", []byte(b.String())); err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"environments": "environments", "a b": "'a b'", "it's": `'it'\''s'`, "-x": "'-x'", "$(id)": "'$(id)'",
		"a\x1b]0;t\a": `$'a\x1b]0;t\x07'`, "x\u202ey": `$'x\xe2\x80\xaey'`, "": "''",
	} {
		if got := escape.Shell(in); got != want {
			t.Errorf("escape.Shell(%q) = %q, want %q", in, got, want)
		}
	}
	rev, acc := driftCommands(&drift.Report{Dir: "my envs"})
	if rev != "terrarium apply 'my envs'" || acc != "terrarium apply --refresh-only 'my envs'" {
		t.Fatal(rev, acc)
	}
	// The run's flags come with the commands, so that they work as printed.
	rev, _ = driftCommands(&drift.Report{Dir: "envs", Command: "terrarium --chdir infra --emulator"})
	if rev != "terrarium --chdir infra --emulator apply envs" {
		t.Fatal(rev)
	}
}
