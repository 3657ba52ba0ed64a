package schema

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// ignorable lists the attribute paths ignore_changes accepts; "metadata.*"
// stands for any single metadata key.
var ignorable = func() []string {
	p := []string{"all", PathName, PathDescription, PathScope, PathMetadata, MetadataPath("*"), PathConfig,
		PathPackages, PathNetworking, PathAllowedHosts, PathAllowMCPServers, PathAllowPackageManagers}
	for _, m := range PackageManagers {
		p = append(p, PackagesPath(m))
	}
	return p
}()

// ignorePaths reads ignore_changes: a list of references like
// [description, metadata.team, config.packages.pip] (quoted strings also
// accepted), or the bare keyword all.
func ignorePaths(a *hcl.Attribute) ([]String, hcl.Diagnostics) {
	// Terraform's bare keyword: ignore_changes = all.
	if tr, d := hcl.AbsTraversalForExpr(a.Expr); !d.HasErrors() && len(tr) == 1 && tr.RootName() == "all" {
		return []String{{Value: "all", Range: a.Expr.Range()}}, nil
	}
	exprs, diags := hcl.ExprList(a.Expr)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []String
	for _, e := range exprs {
		path, d := ignorePath(e)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		key := path
		if _, ok := MetadataKey(path); ok {
			key = MetadataPath("*")
		}
		if !contains(ignorable, key) {
			diags = diags.Append(&hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Invalid ignore_changes path",
				Detail:   fmt.Sprintf("An environment has no attribute %q.%s", path, didYouMean(path, ignorable)),
				Subject:  e.Range().Ptr(),
			})
			continue
		}
		out = append(out, String{Value: path, Range: e.Range()})
	}
	return out, diags
}

func ignorePath(e hcl.Expression) (string, hcl.Diagnostics) {
	// A quoted path is a string; a bare reference (the usual form) has no
	// value without variables, so it is not evaluated only to fail.
	if _, ref := e.(*hclsyntax.ScopeTraversalExpr); !ref {
		if v, d := safeValue(e, nil); !d.HasErrors() {
			if s, ok, _ := valueToString(v, "", e.Range()); ok && v.Type() == cty.String {
				return s, nil
			}
		}
	}
	tr, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() {
		return "", hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Invalid ignore_changes path",
			Detail:   "Each element must be an attribute path such as description, metadata.team or config.packages.pip.",
			Subject:  e.Range().Ptr(),
		}}
	}
	parts := []string{tr.RootName()}
	for _, step := range tr[1:] {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		case hcl.TraverseIndex:
			k, known := usable(s.Key)
			if !known || k.IsNull() || k.Type() != cty.String {
				return "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid ignore_changes path",
					Detail: "An index in a path must be a string key.", Subject: e.Range().Ptr()}}
			}
			parts = append(parts, k.AsString())
		}
	}
	return strings.Join(parts, "."), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
