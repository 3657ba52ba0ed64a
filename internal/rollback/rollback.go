// Package rollback rewrites one environment block of a configuration file
// to an earlier recorded version, the GitOps way: the change is an edit of
// the HCL, reviewed like any other, and nothing calls the API. Only the
// attributes that differ from the version are touched, so comments and the
// rest of the file stay as they are. A block whose changing fields come
// from expressions (variables, locals, for_each, function calls) cannot be
// rewritten faithfully and is refused, with the block to paste instead.
package rollback

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/internal/plan"
	"terrarium/schema"
)

// Request is one rollback.
type Request struct {
	// Config is the loaded configuration; its Files give every file's source.
	Config *schema.Config
	// Address is the environment to roll back.
	Address string
	// Target is the recorded version's object; reserved keys are ignored.
	Target schema.EnvSpec
	// Sensitive are the attribute paths of Target whose values derive from
	// a sensitive variable (state.Version.Sensitive). A changing field at
	// one of them is refused, since the rewrite would write the value into
	// the file and print it in the diff; the block to paste hides them.
	Sensitive []string
	// LoadOptions are the options the configuration was loaded with, used
	// to check the rewritten file.
	LoadOptions schema.LoadOptions
}

// Result is a rewritten file.
type Result struct {
	Filename      string
	Before, After []byte
	// Fields are the attribute paths the rewrite changes.
	Fields []change.Field
}

// RefusedError reports a block rollback will not touch, with the
// environment block to paste instead.
type RefusedError struct {
	Address string
	// Diags say why: each at the expression or block that cannot be
	// rewritten, about the attribute path it holds.
	Diags hcl.Diagnostics
	// Paste is the version as an HCL environment block; nil for an
	// instance of a for_each block, which has no block of its own.
	Paste []byte
	// Fields, for a for_each instance, are the attributes whose value
	// differs from the version's (Before now, After the version's): what
	// an edit of the for_each value must bring back.
	Fields []change.Field
}

// RefusedSummary is the summary of a RefusedError's diagnostics.
const RefusedSummary = "Block cannot be rewritten faithfully"

// Error lists why the rollback was refused.
func (e *RefusedError) Error() string {
	var parts []string
	for _, d := range e.Diags {
		loc := ""
		if r := d.Subject; r != nil {
			loc = fmt.Sprintf("%s:%d:%d: ", r.Filename, r.Start.Line, r.Start.Column)
		}
		parts = append(parts, loc+strings.TrimSuffix(d.Detail, "."))
	}
	return fmt.Sprintf("%s cannot be rewritten faithfully: %s", e.Address, strings.Join(parts, "; "))
}

// Diagnostics are the error's diagnostics (see internal/diag.Diagnoser).
func (e *RefusedError) Diagnostics() hcl.Diagnostics { return e.Diags }

// refusal is why the part of the block at rng (nil: the whole block) that
// holds path cannot be rewritten.
func refusal(address, path string, rng *hcl.Range, why string) *hcl.Diagnostic {
	if path != "" {
		address += "." + path
	}
	return diag.WithAddress(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: RefusedSummary, Detail: why + ".", Subject: rng}, address)
}

// Rewrite computes the rolled-back file. It returns a nil Result with no
// error when the block already matches the version.
func Rewrite(req Request) (*Result, error) {
	env := req.Config.Environment(req.Address)
	if env == nil {
		return nil, fmt.Errorf("%s is not in the configuration; history --version N --hcl prints its block to add", req.Address)
	}
	target := userSpec(req.Target, env)
	fields := change.Specs(ptr(env.Spec()), &target)
	if len(fields) == 0 {
		return nil, nil
	}
	// What a refusal may show: a sensitive value blanked, the fields of a
	// map sensitive as a whole (keys included) as one (change.Redact).
	shown := change.Redact(slices.Clone(fields), req.Sensitive)
	refuse := func(diags hcl.Diagnostics) error {
		return &RefusedError{Address: req.Address, Diags: diags, Paste: schema.EnvironmentHCL(req.Address, *plan.RedactSpec(&target, req.Sensitive))}
	}
	if env.Key != nil {
		// One piece of advice: the instance's values come from the
		// for_each value, so that is what to edit; a block to paste would
		// split the instance from its siblings.
		return nil, &RefusedError{Address: req.Address, Fields: shown, Diags: hcl.Diagnostics{refusal(req.Address, "", env.DeclRange.Ptr(),
			"The block uses for_each, so its instances share one body; edit the for_each value (or what each.key and each.value feed) so that this instance's attributes read as they did")}}
	}
	filename := env.DeclRange.Filename
	file := req.Config.Files[filename]
	if file == nil {
		panic("rollback: the configuration has no source for " + filename)
	}
	syn, reasons := syntaxBlock(file, env)
	if syn != nil {
		reasons = append(reasons, computed(req.Address, syn, shown)...)
		reasons = append(reasons, sensitive(req.Address, syn, env, shown)...)
	}
	if len(reasons) > 0 {
		return nil, refuse(reasons)
	}
	after, err := edit(file.Bytes, env.Label, target, fields)
	if err != nil {
		return nil, err
	}
	if bad := check(req, filename, after, &target); len(bad) > 0 {
		return nil, refuse(bad)
	}
	return &Result{Filename: filename, Before: file.Bytes, After: after, Fields: fields}, nil
}

// userSpec is the version as the configuration would say it: no reserved
// keys, and the default scope left out when the block does not set one.
func userSpec(s schema.EnvSpec, env *schema.Environment) schema.EnvSpec {
	s = plan.CloneSpec(s)
	for k := range s.Metadata {
		if schema.IsReservedMetadataKey(k) {
			delete(s.Metadata, k)
		}
	}
	if env.Scope == nil && s.Scope == schema.ScopeOrganization {
		s.Scope = ""
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// syntaxBlock finds the block's syntax (Rewrite has refused for_each
// instances).
func syntaxBlock(file *hcl.File, env *schema.Environment) (*hclsyntax.Block, hcl.Diagnostics) {
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil, hcl.Diagnostics{refusal(env.Address, "", env.DeclRange.Ptr(), "The file is not native HCL syntax")}
	}
	for _, b := range body.Blocks {
		if b.Type == "environment" && len(b.Labels) == 1 && b.Labels[0] == env.Label {
			return b, nil
		}
	}
	panic("rollback: no syntax block for " + env.Address)
}

// computed lists the changing fields whose expression is not a literal.
func computed(address string, b *hclsyntax.Block, fields []change.Field) hcl.Diagnostics {
	var out hcl.Diagnostics
	seen := map[string]bool{}
	for _, f := range fields {
		blocks, attr := attrPath(f.Path)
		a := findAttr(b.Body, blocks, attr)
		if a == nil || seen[attr+strings.Join(blocks, ".")] {
			continue
		}
		seen[attr+strings.Join(blocks, ".")] = true
		if why := nonLiteral(a.Expr); why != "" {
			out = append(out, refusal(address, f.Path, a.Expr.Range().Ptr(), fmt.Sprintf("%s would change but is %s", f.Path, why)))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject.Start.Byte < out[j].Subject.Start.Byte })
	return out
}

// sensitive lists the changing fields whose value in the version derives
// from a sensitive variable (fields as change.Redact leaves them): writing
// it would put the value in the file.
func sensitive(address string, b *hclsyntax.Block, env *schema.Environment, fields []change.Field) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, f := range fields {
		if !f.Sensitive {
			continue
		}
		rng := env.DeclRange.Ptr()
		if blocks, attr := attrPath(f.Path); findAttr(b.Body, blocks, attr) != nil {
			rng = findAttr(b.Body, blocks, attr).Expr.Range().Ptr()
		}
		out = append(out, refusal(address, f.Path, rng, fmt.Sprintf(
			"%s would change to a value derived from a sensitive variable, which terrarium does not write into the configuration; set it from the variable by hand", f.Path)))
	}
	return out
}

// attrPath maps a diff path to the nested blocks and attribute that hold it.
func attrPath(path string) (blocks []string, attr string) {
	if _, ok := schema.MetadataKey(path); ok {
		return nil, schema.PathMetadata
	}
	if path == schema.PathConfigType || strings.HasPrefix(path, schema.PrefixPackages) || strings.HasPrefix(path, schema.PrefixNetworking) {
		// config.type, config.packages.pip, config.networking.allowed_hosts:
		// every step but the last is a nested block.
		steps := strings.Split(path, ".")
		return steps[:len(steps)-1], steps[len(steps)-1]
	}
	return nil, path
}

func findAttr(body *hclsyntax.Body, blocks []string, attr string) *hclsyntax.Attribute {
	for _, name := range blocks {
		var next *hclsyntax.Body
		for _, b := range body.Blocks {
			if b.Type == name {
				next = b.Body
				break
			}
		}
		if next == nil {
			return nil
		}
		body = next
	}
	return body.Attributes[attr]
}

// nonLiteral says why an expression cannot be replaced by a value without
// losing what the author meant, or "" when it is plain data.
func nonLiteral(expr hclsyntax.Expression) string {
	if vars := expr.Variables(); len(vars) > 0 {
		return "built from " + vars[0].RootName() + "." + strings.TrimPrefix(traversalString(vars[0]), vars[0].RootName()+".")
	}
	why := ""
	hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
		if fc, ok := n.(*hclsyntax.FunctionCallExpr); ok && why == "" {
			why = "computed by " + fc.Name + "()"
		}
		return nil
	})
	return why
}

func traversalString(t hcl.Traversal) string {
	var sb strings.Builder
	for i, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			sb.WriteString(s.Name)
		case hcl.TraverseAttr:
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.Name)
		default:
			sb.WriteString("[...]")
		}
	}
	return sb.String()
}

// check loads the configuration with the rewritten file and confirms the
// block now says exactly the version; anything else is refused.
func check(req Request, filename string, after []byte, target *schema.EnvSpec) hcl.Diagnostics {
	names := make([]string, 0, len(req.Config.Files))
	srcs := make(map[string][]byte, len(req.Config.Files))
	varFiles := map[string]bool{}
	for _, v := range req.LoadOptions.VarFiles {
		varFiles[v] = true
	}
	for name, f := range req.Config.Files {
		if varFiles[name] || schema.IsVarsFile(name) {
			continue // variable values, read again through LoadOptions
		}
		names = append(names, name)
		srcs[name] = f.Bytes
	}
	sort.Strings(names)
	srcs[filename] = after
	cfg, diags := schema.LoadSources(names, srcs, req.Config.Dir, req.LoadOptions)
	if diags.HasErrors() {
		return diag.Unsourced(diags, req.Address, filename+" as rewritten")
	}
	env := cfg.Environment(req.Address)
	if env == nil {
		return hcl.Diagnostics{refusal(req.Address, "", nil, "The rewritten file lost the block")}
	}
	if left := change.Specs(ptr(env.Spec()), target); len(left) > 0 {
		// The range is the block in the rewritten file, which is not
		// written: the original's declaration stands in for it.
		return hcl.Diagnostics{refusal(req.Address, left[0].Path, req.Config.Environment(req.Address).DeclRange.Ptr(),
			fmt.Sprintf("After the rewrite %s still differs from the version", left[0].Path))}
	}
	return nil
}

// edit applies the changes to the source with hclwrite, reformatting only
// when the file was canonically formatted to begin with.
func edit(src []byte, label string, target schema.EnvSpec, fields []change.Field) ([]byte, error) {
	f, diags := hclwrite.ParseConfig(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags // the loader parsed src already: hcl.Diagnostics is an error
	}
	var block *hclwrite.Block
	for _, b := range f.Body().Blocks() {
		if b.Type() == "environment" && len(b.Labels()) == 1 && b.Labels()[0] == label {
			block = b
			break
		}
	}
	if block == nil {
		panic("rollback: hclwrite found no block " + label)
	}
	e := &editor{body: block.Body(), label: label, target: target}
	for _, fd := range fields {
		e.apply(fd.Path)
	}
	e.finish()
	out := f.Bytes()
	if string(hclwrite.Format(src)) == string(src) {
		out = hclwrite.Format(out)
	}
	return out, nil
}
