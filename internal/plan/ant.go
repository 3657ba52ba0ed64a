package plan

import (
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// antConflicts reports the environments the plan touches that ant apply
// also manages (Input.Ant, read from claude-lock.json). Both tools writing
// one environment fight: ant deletes metadata keys its file does not
// declare, terrarium's ownership keys among them, and refuses its next
// apply when terrarium changed the environment (docs/API.md, "ant
// apply"). An import of an environment ant manages is a handover and only
// warns, with the steps; an environment terrarium already manages that
// ant's lock still lists is an error.
func (b *builder) antConflicts() {
	ant := b.in.Ant
	if ant == nil || len(ant.IDs) == 0 {
		return
	}
	for _, a := range slices.Sorted(maps.Keys(b.managed)) {
		l := b.managed[a]
		key, ok := ant.Owns(l.ID)
		if !ok || l.Archived() || !b.targeted(a) {
			continue
		}
		var r *hcl.Range
		if e := b.env(a); e != nil {
			rr := e.DeclRange
			r = &rr
		}
		if b.imported[a] {
			if im := b.importRange(a); im != nil {
				r = im
			}
			b.diags = b.diags.Append(&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Taking over an environment from ant apply",
				Detail: l.ID + " is listed in " + ant.Where() + " (" + key + "): ant apply manages it. " + ant.Release(l.ID), Subject: r})
			continue
		}
		b.errorAbout(a, r, "Environment managed by both terrarium and ant apply",
			"%s (%s) is managed by this stack, and %s lists it too (%s): each tool would undo the other's changes, and ant apply deletes terrarium's ownership keys. "+
				"Hand it over one way.\n%s", a, l.ID, ant.Where(), key, ant.Handover(l.ID))
	}
}

// importRange is the range of the import block that adopts address, or
// nil for an import request without one.
func (b *builder) importRange(address string) *hcl.Range {
	for _, im := range b.in.Config.Imports {
		if im.To.Value == address {
			r := im.Range
			return &r
		}
	}
	return nil
}
