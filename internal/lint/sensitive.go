package lint

import (
	"slices"
	"strconv"
	"strings"

	"terrarium/schema"
)

// sensitiveSummary replaces the summary of a finding about a value that
// derives from a sensitive variable.
const sensitiveSummary = " (the value derives from a sensitive variable and is not shown)"

// hideSensitive keeps a finding about a value derived from a sensitive
// variable from quoting it: rules build their messages from the values
// (a package name, a host's domain), so the summary becomes the rule's
// title, the detail goes, and the source snippet is masked. The finding
// still counts and keeps its position; --explain says what the rule wants.
func (p *Pass) hideSensitive(f Finding) Finding {
	if f.Address == "" || f.Path == "" {
		return f
	}
	for _, e := range p.Config.Environments {
		if e.Address != f.Address {
			continue
		}
		if sensitiveAt(e, f.Path) {
			f.Summary = p.rule.Title + sensitiveSummary
			f.Detail, f.Value, f.Sensitive = "", "", true
			if slices.Contains(e.SensitivePaths(), schema.PathMetadata) && strings.HasPrefix(f.Path, schema.PrefixMetadata) {
				// The map is sensitive as a whole: its keys are too.
				f.Path = schema.PathMetadata
			}
			return f
		}
	}
	return f
}

// sensitiveAt reports whether the value at path (a finding's path, with
// list indices) derives from a sensitive variable: the element itself for
// a host or package, else the attribute as SensitivePaths lists it.
func sensitiveAt(e *schema.Environment, path string) bool {
	if list, i, ok := indexed(e, path); ok {
		return i < len(list) && list[i].Sensitive
	}
	for _, s := range e.SensitivePaths() {
		if path == s || strings.HasPrefix(path, s+"[") || strings.HasPrefix(path, s+".") {
			return true
		}
	}
	return false
}

// indexed returns the list and index that a path such as
// "config.networking.allowed_hosts[2]" or "config.packages.pip[0]" names.
func indexed(e *schema.Environment, path string) ([]schema.String, int, bool) {
	open := strings.LastIndexByte(path, '[')
	if open < 0 || !strings.HasSuffix(path, "]") || e.Config == nil {
		return nil, 0, false
	}
	i, err := strconv.Atoi(path[open+1 : len(path)-1])
	if err != nil || i < 0 {
		return nil, 0, false
	}
	attr := path[:open]
	if n := e.Config.Networking; n != nil && attr == schema.PathAllowedHosts {
		return n.AllowedHosts, i, true
	}
	if m, ok := schema.PackagesManager(attr); ok && e.Config.Packages != nil {
		return e.Config.Packages.Lists[m], i, true
	}
	return nil, 0, false
}
