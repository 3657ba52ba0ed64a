package schema

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Config is one directory of *.hcl files, decoded and evaluated. Every value
// keeps the source range it came from so that diagnostics can point at it.
type Config struct {
	// Dir is the configuration directory as given by the user.
	Dir string
	// Files maps each parsed file name to its source, for diagnostic output.
	Files map[string]*hcl.File

	Settings     Settings
	Variables    []*Variable
	Environments []*Environment // expanded instances, sorted by Address
	Moved        []*Moved
	Imports      []*Import
	Removed      []*Removed

	// Extensions holds the values of blocks registered by other packages
	// (see RegisterBlock), keyed by block type, in source order.
	Extensions map[string][]any

	// secrets are the sensitive variables' values as text (see
	// SensitiveStrings).
	secrets []string
}

// SensitiveStrings returns the text no output may show: the values of the
// sensitive variables (their string and number leaves, and the keys of a
// map among them) and every value of an environment that derives from
// one (a description built around a secret, a host, a metadata map's keys
// and values), in no particular order, with repeats.
func (c *Config) SensitiveStrings() []string {
	if c == nil {
		return nil
	}
	out := slices.Clone(c.secrets)
	add := func(list ...String) {
		for _, s := range list {
			if s.Sensitive {
				out = append(out, s.Value)
			}
		}
	}
	for _, e := range c.Environments {
		add(e.Name)
		if e.Description != nil {
			add(*e.Description)
		}
		for _, m := range e.Metadata {
			add(m.Key, m.Value)
		}
		if e.Config == nil {
			continue
		}
		if n := e.Config.Networking; n != nil {
			add(n.AllowedHosts...)
		}
		if p := e.Config.Packages; p != nil {
			for _, list := range p.Lists {
				add(list...)
			}
		}
	}
	return out
}

// Environment returns the instance with the given address, or nil.
func (c *Config) Environment(address string) *Environment {
	for _, e := range c.Environments {
		if e.Address == address {
			return e
		}
	}
	return nil
}

// Settings is the terrarium block.
type Settings struct {
	Stack       String // "default" when not set
	WorkspaceID *String
	OnDestroy   String // "archive" (default) or "delete"
	// MaxDestroy is max_destroy as written ("5" or "25%"), nil when absent;
	// ParseMaxDestroy reads it.
	MaxDestroy *String
	// Backend is the nested backend block, nil when absent.
	Backend *Backend
	// RateLimits is the nested rate_limits block, nil when absent.
	RateLimits *RateLimits
	// Range is the terrarium block's definition range; zero when absent.
	Range hcl.Range
}

// Variable is a declared input variable with its resolved value.
type Variable struct {
	Name        string
	Description string
	Sensitive   bool
	DeclRange   hcl.Range
	// Type is the declared type constraint (cty.DynamicPseudoType for any).
	Type cty.Type
	// Value is the resolved value, converted to Type; cty.DynamicVal when it
	// could not be resolved (the loader reported why).
	Value cty.Value
}

// String is a string value with the range of the expression it came from.
type String struct {
	Value string
	Range hcl.Range
	// Sensitive is set when the value derives from a sensitive variable:
	// views show "(sensitive value)" instead of it.
	Sensitive bool
}

// Bool is a boolean value with its source range.
type Bool struct {
	Value bool
	Range hcl.Range
}

// Environment is one environment instance: a block without for_each, or one
// element of a for_each expansion.
type Environment struct {
	// Address is "environment.LABEL" or `environment.LABEL["KEY"]`.
	Address string
	Label   string
	// Key is the for_each key, nil when the block has no for_each.
	Key *string

	// DeclRange covers the block header; Range covers the whole block.
	DeclRange hcl.Range
	Range     hcl.Range

	// Name defaults to the label (then its range is the label's).
	Name        String
	Description *String
	Scope       *String
	Metadata    []MetadataEntry // sorted by key
	// Config is nil only when the block has no config block, which the
	// loader reports as an error.
	Config    *EnvConfigBlock
	Lifecycle Lifecycle
}

// MetadataEntry is one metadata key and value.
type MetadataEntry struct {
	Key   String
	Value String
}

// EnvConfigBlock is the config block of an environment.
type EnvConfigBlock struct {
	Type       String
	Packages   *PackagesBlock   // nil when absent
	Networking *NetworkingBlock // nil when absent
	Range      hcl.Range
}

// PackagesBlock is the packages block: one list per manager.
type PackagesBlock struct {
	// Lists maps a manager name (see PackageManagers) to its entries. Each
	// entry of a literal list has its own range; entries of a computed list
	// share the attribute's expression range.
	Lists map[string][]String
	// AttrRanges maps a manager name to the range of its whole attribute.
	AttrRanges map[string]hcl.Range
	Range      hcl.Range
}

// NetworkingBlock is the networking block of a cloud config.
type NetworkingBlock struct {
	Type String
	// AllowedHosts entries carry per-element ranges like PackagesBlock.Lists.
	AllowedHosts         []String
	AllowedHostsRange    hcl.Range // zero when the attribute is absent
	AllowMCPServers      *Bool     // nil when absent (the API's default: false)
	AllowPackageManagers *Bool     // nil when absent (the API's default: false)
	Range                hcl.Range
}

// Lifecycle is an environment's lifecycle block.
type Lifecycle struct {
	PreventDestroy bool
	// IgnoreChanges holds attribute paths such as "description",
	// "metadata.team" or "config.packages.pip".
	IgnoreChanges []String
	// OnDestroy overrides Settings.OnDestroy when set.
	OnDestroy *String
	Range     hcl.Range // zero when absent
}

// Moved is a moved block.
type Moved struct {
	From, To String
	Range    hcl.Range
}

// Import is an import block.
type Import struct {
	To, ID String
	Range  hcl.Range
}

// Removed is a removed block.
type Removed struct {
	From String
	// Destroy is false when the environment is to be forgotten, not destroyed.
	Destroy bool
	Range   hcl.Range
}

// Spec returns the plain value that create and update send for this
// environment, without terrarium's reserved ownership keys.
func (e *Environment) Spec() EnvSpec {
	s := EnvSpec{Name: e.Name.Value, Metadata: map[string]string{}}
	if e.Description != nil {
		d := e.Description.Value
		s.Description = &d
	}
	if e.Scope != nil {
		s.Scope = e.Scope.Value
	}
	for _, m := range e.Metadata {
		s.Metadata[m.Key.Value] = m.Value.Value
	}
	if e.Config == nil {
		return s
	}
	s.Config.Type = e.Config.Type.Value
	if s.Config.Type == ConfigSelfHosted {
		return s
	}
	s.Config.Packages = &Packages{}
	if p := e.Config.Packages; p != nil {
		for _, m := range PackageManagers {
			s.Config.Packages.Set(m, values(p.Lists[m]))
		}
	}
	for _, m := range PackageManagers {
		if s.Config.Packages.Get(m) == nil {
			s.Config.Packages.Set(m, []string{})
		}
	}
	if n := e.Config.Networking; n != nil {
		net := &Networking{Type: n.Type.Value}
		if net.Type == NetworkingLimited {
			net.AllowedHosts = values(n.AllowedHosts)
			if net.AllowedHosts == nil {
				net.AllowedHosts = []string{}
			}
			if n.AllowMCPServers != nil {
				net.AllowMCPServers = n.AllowMCPServers.Value
			}
			if n.AllowPackageManagers != nil {
				net.AllowPackageManagers = n.AllowPackageManagers.Value
			}
		}
		s.Config.Networking = net
	}
	return s
}

func values(list []String) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Value
	}
	return out
}

// SensitivePaths lists the attribute paths (see PathName and the other
// Path constants: name, description, metadata.KEY, allowed_hosts,
// config.packages.MANAGER) whose value derives from a sensitive variable.
func (e *Environment) SensitivePaths() []string {
	var out []string
	if e.Name.Sensitive {
		out = append(out, PathName)
	}
	if e.Description != nil && e.Description.Sensitive {
		out = append(out, PathDescription)
	}
	if slices.ContainsFunc(e.Metadata, func(m MetadataEntry) bool { return m.Key.Sensitive }) {
		// A map that itself derives from a secret is sensitive as a
		// whole, keys included: one path for all of it.
		out = append(out, PathMetadata)
	} else {
		for _, m := range e.Metadata {
			if m.Value.Sensitive {
				out = append(out, MetadataPath(m.Key.Value))
			}
		}
	}
	if e.Config == nil {
		return out
	}
	if n := e.Config.Networking; n != nil && anySensitive(n.AllowedHosts) {
		out = append(out, PathAllowedHosts)
	}
	if p := e.Config.Packages; p != nil {
		for _, m := range PackageManagers {
			if anySensitive(p.Lists[m]) {
				out = append(out, PackagesPath(m))
			}
		}
	}
	return out
}

func anySensitive(list []String) bool {
	for _, s := range list {
		if s.Sensitive {
			return true
		}
	}
	return false
}

// ReleasedFile is f without most of its syntax tree, which is most of a
// large configuration's memory (about 17 KB per environment block): it
// keeps f's Bytes, so that a diagnostic still shows file:line:col and the
// source snippet, and a skeleton Body of the top-level blocks, each with its
// type, labels and ranges but an empty body, so that a diagnostic still
// names the block it is in (`in environment "web"`) and a caller can still
// find a top-level block. Decoding the skeleton yields nothing: release a
// file only once everything has been decoded from it. A file whose Body is
// not an *hclsyntax.Body is returned as it is.
func ReleasedFile(f *hcl.File) *hcl.File {
	if f == nil {
		return nil
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return f
	}
	root := &hclsyntax.Body{SrcRange: body.SrcRange, EndRange: body.EndRange, Blocks: make(hclsyntax.Blocks, len(body.Blocks))}
	for i, b := range body.Blocks {
		root.Blocks[i] = &hclsyntax.Block{
			Type: b.Type, Labels: b.Labels,
			Body:      &hclsyntax.Body{SrcRange: b.Body.SrcRange, EndRange: b.Body.EndRange},
			TypeRange: b.TypeRange, LabelRanges: b.LabelRanges,
			OpenBraceRange: b.OpenBraceRange, CloseBraceRange: b.CloseBraceRange,
		}
	}
	return &hcl.File{Body: root, Bytes: f.Bytes, Nav: skeletonNav{root}}
}

// skeletonNav is the Nav of a released file.
type skeletonNav struct{ root *hclsyntax.Body }

// ContextString names the top-level block that holds offset, as
// hclsyntax's own navigation does (`environment "web"`); "" outside any.
// HCL's diagnostic writer calls it through hcl.File.Nav.
func (n skeletonNav) ContextString(offset int) string {
	for _, b := range n.root.Blocks {
		if !b.Range().ContainsOffset(offset) {
			continue
		}
		var sb strings.Builder
		sb.WriteString(b.Type)
		for _, l := range b.Labels {
			fmt.Fprintf(&sb, " %q", l)
		}
		return sb.String()
	}
	return ""
}
