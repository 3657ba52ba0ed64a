package cli

import (
	"os"
	"strings"
	"testing"

	"terrarium/internal/plan"
)

func TestCommandLineReproducesTheRunsFlags(t *testing.T) {
	for _, tc := range []struct {
		g    Globals
		sub  string
		args []string
		want string
	}{
		{Globals{}, "apply", []string{"x.plan"}, "terrarium apply x.plan"},
		{Globals{Emulator: true}, "apply", []string{"x.plan"}, "terrarium --emulator apply x.plan"},
		{Globals{Chdir: "in fra", APIURL: "http://127.0.0.1:4010"}, "apply", []string{"my plan"}, "terrarium --chdir 'in fra' --api-url http://127.0.0.1:4010 apply 'my plan'"},
		{Globals{Chdir: "infra", Emulator: true, StateDir: "st"}, "show", []string{"x.plan"}, "terrarium --chdir infra --state-dir st show x.plan"},
		{Globals{Emulator: true}, "apply", []string{"-x.plan"}, "terrarium --emulator apply -- '-x.plan'"},
		{Globals{}, "apply", []string{"it's\n"}, `terrarium apply $'it\'s\x0a'`},
	} {
		d := &Deps{Globals: &tc.g}
		if got := commandLine(d, tc.sub, tc.args...); got != tc.want {
			t.Errorf("commandLine(%+v, %s, %q) = %s, want %s", tc.g, tc.sub, tc.args, got, tc.want)
		}
	}
}

func TestWithRunFlagsRewritesEngineHints(t *testing.T) {
	d := &Deps{Globals: &Globals{Chdir: "infra", Emulator: true}}
	got := withRunFlags(d, "to manage it, run: terrarium import environment.a env_1; then terrarium force-unlock abc")
	want := "to manage it, run: terrarium --chdir infra --emulator import environment.a env_1; then terrarium --chdir infra force-unlock abc"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if got := withRunFlags(&Deps{Globals: &Globals{}}, "run terrarium plan"); got != "run terrarium plan" {
		t.Fatalf("without flags the message changed: %s", got)
	}
}

func TestRecordedFilesOnlyInsideTheWorkdir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("in.vars.hcl", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/hostname", "out.vars.hcl"); err != nil {
		t.Fatal(err)
	}
	got, err := recordedFiles("x.plan", "--var-file", []string{"in.vars.hcl"}, nil)
	if err != nil || len(got) != 1 {
		t.Fatalf("a file inside: %v %v", got, err)
	}
	for _, f := range []string{"/etc/hostname", "../x.vars.hcl", "out.vars.hcl"} {
		if _, err := recordedFiles("x.plan", "--var-file", []string{f}, nil); err == nil || !strings.Contains(err.Error(), "give it to apply yourself") {
			t.Errorf("%s: %v", f, err)
		}
		if got, err := recordedFiles("x.plan", "--var-file", []string{f}, []string{f}); err != nil || len(got) != 1 {
			t.Errorf("%s given again: %v %v", f, got, err)
		}
	}
}

func TestWithRunFlagsKnowsWhichCommandsTalkToTheAPI(t *testing.T) {
	d := &Deps{Globals: &Globals{Emulator: true}}
	got := withRunFlags(d, "run terrarium state refresh: it settles; terrarium state list shows them.\n## terrarium drift: stack x")
	want := "run terrarium --emulator state refresh: it settles; terrarium state list shows them.\n## terrarium drift: stack x"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

// The refusal of a saved plan made with -replace prints the apply that
// works: every replacement the plan was made with (not the first only),
// the --var values and --var-file choices apply must be given again, and
// a file named like a flag after "--".
func TestReplaceCommandGivesEveryReplace(t *testing.T) {
	d := &Deps{Globals: &Globals{Emulator: true}}
	p := &plan.Plan{}
	p.Options.Replace = []string{"environment.a", `environment.b["x y"]`}
	p.Inputs.Vars = []string{"n=2"}
	p.Inputs.VarFiles = []string{"teams.vars.hcl"}
	got := applyHint(d, p, "-p.plan", nil)
	want := `terrarium --emulator apply --var n=2 --var-file teams.vars.hcl --replace environment.a --replace 'environment.b["x y"]' -- '-p.plan'`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
