// Package sets compares string lists as sets, the way package change
// compares package lists and allowed hosts for plan, drift and history:
// order and repetition never make a difference.
package sets

import (
	"slices"
	"sort"
)

// Of returns list sorted and without repeats, as a new slice that is never
// nil.
func Of(list []string) []string {
	out := slices.Clone(list)
	if out == nil {
		out = []string{}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// Delta returns the items of b missing from a (added) and of a missing from
// b (removed), each sorted; nil when there are none. Both inputs must be
// sets as Of returns them.
func Delta(a, b []string) (added, removed []string) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			removed = append(removed, a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			added = append(added, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return added, removed
}
