// Package generate writes HCL configuration for live environments that a
// stack does not manage yet: one environment block each, with every field
// the API reports, and an import block that adopts it on the next apply.
// It never calls the API; the caller passes the listed environments.
package generate

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"terrarium/internal/diag"
	"terrarium/schema"
)

// Selection is what to generate configuration for.
type Selection struct {
	// IDs names environments; empty with AllUnmanaged.
	IDs []string
	// AllUnmanaged takes every environment that carries no stack's
	// ownership keys.
	AllUnmanaged bool
	// Importing holds ids that import blocks of the configuration already
	// adopt; they are skipped.
	Importing map[string]bool
	// Ant maps the ids of the environments ant apply manages (its
	// claude-lock.json) to their lock entries. --all-unmanaged skips them;
	// naming one is an error unless TakeFromAnt.
	Ant         map[string]string
	TakeFromAnt bool
	// Recorded maps the ids the stack's state log records to their
	// addresses: an environment whose ownership keys were removed outside
	// terrarium is still the stack's, and is never offered for import.
	Recorded map[string]string
}

// Skip is an environment left out, with the reason.
type Skip struct {
	ID, Name, Reason string
	// Ant is true when ant apply manages the environment.
	Ant bool
}

// Select picks the environments of live that sel names. Archived
// environments are skipped: the API refuses to update them, so they cannot
// be imported. Naming an archived, managed or unknown id is an error.
func Select(live []schema.LiveEnv, sel Selection) ([]schema.LiveEnv, []Skip, error) {
	var out []schema.LiveEnv
	var skips []Skip
	if sel.AllUnmanaged {
		for _, l := range live {
			stack, _ := l.Owner()
			switch {
			case stack != "":
				continue
			case l.Archived():
				skips = append(skips, Skip{ID: l.ID, Name: l.Name, Reason: "archived (an archived environment cannot be imported)"})
			case sel.Importing[l.ID]:
				skips = append(skips, Skip{ID: l.ID, Name: l.Name, Reason: "an import block of the configuration already adopts it"})
			case sel.Recorded[l.ID] != "":
				skips = append(skips, Skip{ID: l.ID, Name: l.Name, Reason: recordedReason(sel.Recorded[l.ID])})
			case sel.Ant[l.ID] != "":
				skips = append(skips, Skip{ID: l.ID, Name: l.Name, Reason: "ant apply manages it (" + sel.Ant[l.ID] + " in claude-lock.json)", Ant: true})
			default:
				out = append(out, l)
			}
		}
		return sortEnvs(out), skips, nil
	}
	byID := make(map[string]*schema.LiveEnv, len(live))
	for i := range live {
		byID[live[i].ID] = &live[i]
	}
	seen := map[string]bool{}
	for _, id := range sel.IDs {
		l := byID[id]
		if err := selectable(id, l); err != nil {
			return nil, nil, err
		}
		if a := sel.Recorded[id]; a != "" {
			return nil, nil, fmt.Errorf("%s (%q) is %s", id, l.Name, recordedReason(a))
		}
		if key := sel.Ant[id]; key != "" && !sel.TakeFromAnt {
			return nil, nil, fmt.Errorf("%s (%q) is managed by ant apply (%s in claude-lock.json); pass --take-from-ant if the team is moving it to terrarium", id, l.Name, key)
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if sel.Importing[id] {
			skips = append(skips, Skip{ID: l.ID, Name: l.Name, Reason: "an import block of the configuration already adopts it"})
			continue
		}
		out = append(out, *l)
	}
	return sortEnvs(out), skips, nil
}

func recordedReason(address string) string {
	return "recorded by this stack's state log as " + address + ": its ownership keys were removed outside terrarium, and terrarium plan writes them back"
}

func selectable(id string, l *schema.LiveEnv) error {
	if l == nil {
		return fmt.Errorf("no environment has the id %q", id)
	}
	if l.Archived() {
		return fmt.Errorf("%s (%q) is archived; an archived environment cannot be updated, so it cannot be imported", id, l.Name)
	}
	if stack, addr := l.Owner(); stack != "" {
		return fmt.Errorf("%s (%q) is already managed by stack %q as %s", id, l.Name, stack, addr)
	}
	return nil
}

// sortEnvs orders environments by name, then creation, then id, so that
// labels (and their _2 suffixes) come out the same on every run.
func sortEnvs(envs []schema.LiveEnv) []schema.LiveEnv {
	sort.SliceStable(envs, func(i, j int) bool {
		a, b := envs[i], envs[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	return envs
}

// Entry is one generated environment.
type Entry struct {
	Address, ID, Name string
}

// Result is a generated file.
type Result struct {
	Src     []byte
	Entries []Entry
}

// IsGenerated reports whether head, the start of a file, is the start of
// a file terrarium generated: its header's first words.
func IsGenerated(head []byte) bool {
	return bytes.HasPrefix(head, []byte(generatedBy))
}

// generatedBy starts the header of every generated file (Header, import
// --from-ant's).
const generatedBy = "# Generated by terrarium import "

// Header opens every generated file.
const Header = "# Generated by terrarium import --generate-config. Review it, then run\n# terrarium plan: it should show only imports and no field changes.\n"

// File renders envs (in order) as environment and import blocks, with
// labels unique among themselves and against taken. An environment whose
// block does not parse back (the generator failing on a hostile live
// value) is an error diagnostic about its address.
func File(envs []schema.LiveEnv, taken []string) (*Result, hcl.Diagnostics) {
	return FileWithHeader(envs, taken, Header)
}

// FileWithHeader is File opening with header (comment lines, each
// starting with "#"). An environment without an id gets no import block:
// the plan creates it.
func FileWithHeader(envs []schema.LiveEnv, taken []string, header string) (*Result, hcl.Diagnostics) {
	f := hclwrite.NewEmptyFile()
	root := f.Body()
	root.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte(header)}})
	labels := NewLabeler(taken)
	res := &Result{}
	for _, l := range envs {
		label := labels.Next(l.Name)
		addr := schema.Address(label, nil)
		block, diags := environmentBlock(addr, l.EnvSpec)
		if diags.HasErrors() {
			return nil, diags
		}
		root.AppendNewline()
		root.AppendBlock(block)
		res.Entries = append(res.Entries, Entry{Address: addr, ID: l.ID, Name: l.Name})
		if l.ID == "" {
			continue
		}
		root.AppendNewline()
		imp := root.AppendNewBlock("import", nil).Body()
		imp.SetAttributeTraversal("to", hcl.Traversal{hcl.TraverseRoot{Name: "environment"}, hcl.TraverseAttr{Name: label}})
		imp.SetAttributeValue("id", cty.StringVal(l.ID))
	}
	res.Src = hclwrite.Format(f.Bytes())
	return res, nil
}

// environmentBlock reuses the block history --hcl prints, so that a
// version shown by history and a generated block read the same.
func environmentBlock(addr string, spec schema.EnvSpec) (*hclwrite.Block, hcl.Diagnostics) {
	if spec.Scope == schema.ScopeOrganization {
		spec.Scope = "" // the default: written only when it is not
	}
	src := schema.EnvironmentHCL(addr, spec)
	f, diags := hclwrite.ParseConfig(src, "generated.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diag.Unsourced(diags, addr, "the block generated for "+addr+"; this is a bug in terrarium, please report it")
	}
	for _, b := range f.Body().Blocks() {
		if b.Type() == "environment" {
			return b, nil
		}
	}
	panic("generate: EnvironmentHCL wrote no environment block")
}
