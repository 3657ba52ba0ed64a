package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"terrarium/internal/origin"
	"terrarium/schema"
)

// richPlan is a plan with an update, a create and an archive, drift, and
// everything a saved plan records.
func richPlan(t *testing.T) *Plan {
	t.Helper()
	web := liveOf("env_1", cfgEnv("web", withDesc("old")))
	gone := liveOf("env_2", cfgEnv("gone"))
	old := web
	old.Description = nil
	p := mustPlan(t, config(
		cfgEnv("web", withDesc("new"), withLimited(false, true, "https://a.example"), withPip("requests")),
		cfgEnv("api", withMeta("team", "x")),
	), []schema.LiveEnv{web, gone}, snapshotOf(old, gone), Options{Targets: []string{"environment.web", "environment.api", "environment.gone"}})
	p.Backend = &Backend{Type: "local"}
	p.Origin = &origin.Origin{APIURL: "https://api.example", WorkspaceID: "wrkspc_1", OrganizationID: "org-1"}
	p.ConfigFiles = map[string]string{"main.hcl": "abc", "vars.hcl": "def"}
	p.Inputs = Inputs{Vars: []string{"a=1"}, SensitiveVars: []string{"token"}, VarFiles: []string{"x.tfvars.hcl"},
		PolicyFiles: []string{"policy.hcl"}, Salt: "s", VarHashes: map[string]string{"a": "h1", "token": "h2"}}
	if len(p.Changes) < 3 || len(p.Drift) == 0 {
		t.Fatalf("richPlan: want an update, a create, an archive and drift, got %d changes, %d drift", len(p.Changes), len(p.Drift))
	}
	return p
}

func TestCompareEqualAfterSaveLoad(t *testing.T) {
	p := richPlan(t)
	path := filepath.Join(t.TempDir(), "x.tfplan")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	q, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := Compare(q, p); d != nil {
		t.Fatalf("a plan and its saved copy differ: %v", d)
	}
	if d := Compare(p, q); d != nil {
		t.Fatalf("a saved plan and its original differ: %v", d)
	}
	// Another computation of the same plan differs only in id and time.
	r := *p
	r.ID, r.Created = "other", p.Created.Add(3600e9)
	if d := Compare(q, &r); d != nil {
		t.Fatalf("a recomputed plan differs: %v", d)
	}
}

// TestCompareDetectsEverySingleFieldEdit edits every leaf of a saved plan's
// JSON, one at a time. Without a new digest, Load refuses the file; with
// one, Compare tells it from the plan computed again.
func TestCompareDetectsEverySingleFieldEdit(t *testing.T) {
	p := richPlan(t)
	b, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	// Not compared: what differs between two computations of one plan
	// (id, created, tool_version) and the digest, which Load checks; a
	// changed format_version is refused as such.
	skip := map[string]bool{"id": true, "created": true, "tool_version": true, "digest": true, "format_version": true}
	var paths [][]any
	leaves(tree, nil, &paths)
	n := 0
	for _, path := range paths {
		if key, ok := path[0].(string); ok && skip[key] {
			continue
		}
		name := pathString(path)
		if strings.HasPrefix(name, "inputs.vars[") || strings.HasPrefix(name, "inputs.sensitive_vars[") {
			// Shown, not used: apply takes -var values from its own
			// flags and environment, and compares their hashes (a
			// sensitive one given as TERRARIUM_VAR_NAME is the --var's).
			continue
		}
		t.Run(name, func(t *testing.T) {
			var edited map[string]any
			if err := json.Unmarshal(b, &edited); err != nil {
				t.Fatal(err)
			}
			if !mutate(edited, path) {
				t.Skip("null leaf")
			}
			raw, err := json.MarshalIndent(edited, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Unmarshal(raw); !errors.Is(err, ErrChanged) {
				t.Fatalf("an edit of %s kept the old digest and Load said %v, want ErrChanged", name, err)
			}
			var q Plan
			if err := json.Unmarshal(raw, &q); err != nil {
				return // the edit does not decode: such a file never loads
			}
			if d := Compare(&q, p); d == nil {
				t.Fatalf("an edit of %s with a recomputed digest is not detected", name)
			}
		})
		n++
	}
	if n < 100 {
		t.Fatalf("only %d fields edited; the plan is not rich enough", n)
	}
}

func leaves(v any, path []any, out *[][]any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			leaves(x[k], append(append([]any{}, path...), k), out)
		}
	case []any:
		for i, e := range x {
			leaves(e, append(append([]any{}, path...), i), out)
		}
	default:
		*out = append(*out, path)
	}
}

// mutate changes the leaf at path to another value of its type; it
// reports false for a null leaf.
func mutate(root map[string]any, path []any) bool {
	var parent any = root
	for _, step := range path[:len(path)-1] {
		switch s := step.(type) {
		case string:
			parent = parent.(map[string]any)[s]
		case int:
			parent = parent.([]any)[s]
		}
	}
	get := func() any {
		switch s := path[len(path)-1].(type) {
		case string:
			return parent.(map[string]any)[s]
		default:
			return parent.([]any)[s.(int)]
		}
	}
	set := func(v any) {
		switch s := path[len(path)-1].(type) {
		case string:
			parent.(map[string]any)[s] = v
		default:
			parent.([]any)[s.(int)] = v
		}
	}
	switch x := get().(type) {
	case string:
		if ts, err := time.Parse(time.RFC3339Nano, x); err == nil {
			set(ts.Add(time.Second).Format(time.RFC3339Nano))
			break
		}
		set(x + "x")
	case float64:
		set(x + 1)
	case bool:
		set(!x)
	default:
		return false
	}
	return true
}

func pathString(path []any) string {
	var b strings.Builder
	for i, s := range path {
		switch s := s.(type) {
		case string:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		}
	}
	return b.String()
}
