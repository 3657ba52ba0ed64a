package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/schema"
)

// testNow is the fixed time of fixture runs, for ignore expiry dates.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// loadFixture loads one .hcl file with the real loader and lint's blocks.
// A fixture may expect load errors with "# load-error: SUMMARY" lines; any
// other error fails the test.
func loadFixture(t testing.TB, path string) *schema.Config {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := schema.LoadSources([]string{path}, map[string][]byte{path: src}, filepath.Dir(path), schema.LoadOptions{Extensions: Blocks()})
	for _, d := range diags {
		if d.Severity == hcl.DiagError && !strings.Contains(string(src), "# load-error: "+d.Summary+"\n") {
			t.Fatalf("loading %s: %s", path, diags.Error())
		}
	}
	return cfg
}

// wants reads "# want: RULE[, RULE]" annotations: line -> sorted rules.
func wants(t *testing.T, path string) map[int][]string {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][]string{}
	for i, line := range strings.Split(string(src), "\n") {
		j := strings.Index(line, "# want:")
		if j < 0 {
			continue
		}
		list, _, _ := strings.Cut(line[j+len("# want:"):], "#") // a further "# ..." is another annotation
		for _, r := range strings.Split(list, ",") {
			out[i+1] = append(out[i+1], strings.TrimSpace(r))
		}
		sort.Strings(out[i+1])
	}
	return out
}

// TestRuleFixtures walks testdata/rules: RULE.hcl must produce exactly the
// findings its want comments list (for every rule they name), and
// RULE_ok.hcl must produce no finding of RULE.
func TestRuleFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/rules/*.hcl")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".hcl")
		rule, ok := strings.CutSuffix(base, "_ok")
		if Lookup(rule) == nil {
			t.Errorf("%s: no rule named %q", path, rule)
			continue
		}
		t.Run(base, func(t *testing.T) {
			checkFixture(t, path, ok, func(r string) bool { return r == rule })
		})
	}
}

// checkFixture runs the fixture at path (with the baseline NAME.baseline.json
// beside it, when there is one) and compares the findings of the rules it
// checks (those isChecked picks and those its want comments name) with its
// want comments; a clean twin (ok) must have none of them.
func checkFixture(t *testing.T, path string, ok bool, isChecked func(string) bool) Result {
	t.Helper()
	opts := Options{Now: testNow}
	if f, err := os.Open(strings.TrimSuffix(path, ".hcl") + ".baseline.json"); err == nil {
		defer f.Close()
		if opts.Baseline, err = ReadBaseline(f); err != nil {
			t.Fatal(err)
		}
	}
	res, diags := Run(loadFixture(t, path), opts)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := map[int][]string{}
	want := wants(t, path)
	checked := map[string]bool{}
	for _, rs := range want {
		for _, r := range rs {
			checked[r] = true
		}
	}
	for _, f := range res.Findings {
		if checked[f.Rule] || isChecked(f.Rule) {
			got[f.Subject.Start.Line] = append(got[f.Subject.Start.Line], f.Rule)
		}
	}
	for l := range got {
		sort.Strings(got[l])
	}
	if ok {
		if n := len(got); n > 0 {
			t.Errorf("clean twin has findings: %v\n%s", got, dump(res))
		}
		return res
	}
	if len(want) == 0 {
		t.Fatalf("fixture has no want comments")
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings by line:\n got %v\nwant %v\n%s", got, want, dump(res))
	}
	return res
}

// TestEveryRuleHasFixtures checks that each rule has both fixtures, except
// metadata-reserved-key: the loader drops reserved keys before lint could
// see them (it has a unit test with a hand-built configuration).
func TestEveryRuleHasFixtures(t *testing.T) {
	for _, r := range Catalog() {
		if r.Name == "metadata-reserved-key" {
			continue
		}
		for _, suffix := range []string{".hcl", "_ok.hcl"} {
			if _, err := os.Stat("testdata/rules/" + r.Name + suffix); err != nil {
				t.Errorf("rule %s: %v", r.Name, err)
			}
		}
	}
}

func dump(res Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		fmt.Fprintf(&b, "  %d:%d %s %s (%s)\n", f.Subject.Start.Line, f.Subject.Start.Column, f.Rule, f.Summary, f.Value)
	}
	return b.String()
}
