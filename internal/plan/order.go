package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/change"
	"terrarium/schema"
)

// A name is unique among live environments, so a change that takes a name
// must wait for the change that frees it (rename, archive, delete), and a
// change that takes an address must wait for the move that frees it. A
// cycle of renames (a swap) is broken by parking one environment under a
// temporary name first.

// takes returns the name a change gives an environment that did not have
// it, or "".
func takes(c *Change) string {
	switch c.Action {
	case ActionCreate, ActionReplace:
		return c.After.Name
	case ActionUpdate, ActionMove, ActionAdopt:
		if c.Before.Name != c.After.Name {
			return c.After.Name
		}
	}
	return ""
}

// frees returns the name a change releases, or "". A replace releases
// its old environment's name when the new one has another: a delete frees
// it, and an archive is preceded by a rename that parks it (an archived
// environment keeps its name and cannot be renamed, so one archived
// outside terrarium frees nothing).
func frees(c *Change) string {
	switch c.Action {
	case ActionArchive, ActionDelete:
		return c.Before.Name
	case ActionReplace:
		if c.Before != nil && !c.Before.Archived() && c.DestroyMode != "" && c.Before.Name != c.After.Name {
			return c.Before.Name
		}
	case ActionUpdate, ActionMove, ActionAdopt:
		if c.Before.Name != c.After.Name {
			return c.Before.Name
		}
	}
	return ""
}

type dep struct {
	to     int
	byName bool // satisfied by the target's temporary rename
}

// order fills DependsOn and TempName, and reports names held by
// environments the plan does not free.
func (b *builder) order() {
	cs := b.plan.Changes
	freedBy := map[string]int{}   // name -> change index
	addrFreed := map[string]int{} // address -> move index
	for i := range cs {
		if n := frees(&cs[i]); n != "" {
			freedBy[n] = i
		}
		if cs[i].PrevAddress != "" {
			addrFreed[cs[i].PrevAddress] = i
		}
	}
	deps := make([][]dep, len(cs))
	for i := range cs {
		c := &cs[i]
		if j, ok := addrFreed[c.Address]; ok && j != i {
			deps[i] = append(deps[i], dep{to: j})
		}
		n := takes(c)
		if n == "" {
			continue
		}
		if j, ok := freedBy[n]; ok && j != i {
			deps[i] = append(deps[i], dep{to: j, byName: true})
			if cs[j].Action == ActionArchive || cs[j].DestroyMode == "archive" {
				cs[j].ParkName = parkName(&cs[j])
			}
			continue
		}
		b.checkHolder(c, n)
	}
	b.breakCycles(deps)
	for i := range cs {
		seen := map[string]bool{}
		for _, d := range deps[i] {
			s := cs[d.to].Address
			if d.byName && cs[d.to].TempName != "" {
				s += TempStep
			}
			if !seen[s] {
				seen[s] = true
				cs[i].DependsOn = append(cs[i].DependsOn, s)
			}
		}
		sort.Strings(cs[i].DependsOn)
	}
}

// checkHolder reports a name the change needs that a live environment
// keeps, or that an archived one still holds.
func (b *builder) checkHolder(c *Change, name string) {
	var r *hcl.Range
	if e := b.env(c.Address); e != nil {
		rr := e.Name.Range
		r = &rr
	}
	h := b.byName[name]
	if h == nil {
		b.checkArchivedHolder(c, name, r)
		return
	}
	if c.Before != nil && h.ID == c.Before.ID {
		return
	}
	stack, addr := h.Owner()
	key, ant := b.in.Ant.Owns(h.ID)
	switch {
	case stack == "" && ant:
		b.errorAbout(c.Address, r, "Name held by an environment ant apply manages",
			"%s wants the name %s, which %s already has; %s lists it (%s), so ant apply manages it. "+
				"Rename this block's environment, or hand it over to terrarium and import it into %s.\n%s",
			c.Address, ShownName(name, c.Sensitive), h.ID, b.in.Ant.Where(), key, c.Address, b.in.Ant.Handover(h.ID))
	case stack == "":
		b.errorAbout(c.Address, r, "Name held by an unmanaged environment",
			"%s wants the name %s, which %s already has; this stack does not manage it. To bring it under management, run:\n  terrarium import %s %s",
			c.Address, ShownName(name, c.Sensitive), h.ID, c.Address, h.ID)
	case stack != b.stack:
		b.errorAbout(c.Address, r, "Name held by another stack",
			"%s wants the name %s, which %s (stack %q, %s) already has.", c.Address, ShownName(name, c.Sensitive), h.ID, stack, addr)
	default:
		holder := addr
		if holder == "" {
			holder = "an environment without its " + schema.MetaAddress + " key"
		}
		b.errorAbout(c.Address, r, "Name held by another environment of this stack",
			"%s wants the name %s, which %s (%s) keeps.", c.Address, ShownName(name, c.Sensitive), holder, h.ID)
	}
}

// checkArchivedHolder reports a name the change needs that an archived
// environment holds, its own old environment included. An archived
// environment keeps its name (the emulator's default; the API does not
// say otherwise) and cannot be updated (API.md: update answers 400
// environment_archived), so no plan can rename it out of the way: the
// plan fails here instead of every apply failing on the name.
func (b *builder) checkArchivedHolder(c *Change, name string, r *hcl.Range) {
	hs := b.archived[name]
	if len(hs) == 0 {
		return
	}
	shown := ShownName(name, c.Sensitive)
	held := make([]string, 0, len(hs))
	for _, h := range hs {
		stack, addr := h.Owner()
		switch {
		case stack == b.stack && addr != "":
			held = append(held, fmt.Sprintf("%s (%s of this stack)", h.ID, addr))
		case stack != "":
			held = append(held, fmt.Sprintf("%s (stack %q)", h.ID, stack))
		default:
			held = append(held, h.ID+" (not managed by terrarium)")
		}
	}
	sort.Strings(held)
	b.errorAbout(c.Address, r, "Name held by an archived environment",
		"%s wants the name %s, which the archived environment %s still holds. An archived environment keeps its name "+
			"and the API cannot rename or update it, so no apply can free the name. Give %s another name, or delete the "+
			"archived environment (an archived environment can be deleted, not renamed) and plan again. To keep names free when "+
			"environments are removed, set on_destroy = \"delete\" in the terrarium block or the block's lifecycle.",
		c.Address, shown, strings.Join(held, ", "), c.Address)
}

// breakCycles finds cycles of name dependencies and parks the first change
// of each under a temporary name: its temporary rename frees its old name
// at once, so the others no longer wait for its final rename.
func (b *builder) breakCycles(deps [][]dep) {
	cs := b.plan.Changes
	for _, scc := range sccs(len(cs), deps) {
		if len(scc) < 2 {
			continue
		}
		first := scc[0]
		for _, i := range scc[1:] {
			if cs[i].Address < cs[first].Address {
				first = i
			}
		}
		cs[first].TempName = tempName(&cs[first])
	}
}

// parkName is the name an environment takes before it is archived, when
// its own name is wanted by another or a replace frees it.
func parkName(c *Change) string {
	sum := sha256.Sum256([]byte(c.Address + "\x00" + c.Before.ID))
	return c.Before.Name + "-archived-" + hex.EncodeToString(sum[:4])
}

// tempName is a deterministic, unused-looking name for a parked environment.
func tempName(c *Change) string {
	sum := sha256.Sum256([]byte(c.Address + "\x00" + c.Before.ID))
	return c.Before.Name + "-swap-" + hex.EncodeToString(sum[:4])
}

// sccs returns the strongly connected components of the dependency graph
// (Tarjan), each as a list of change indexes. Edges through a temporary
// rename still count: the cycle is what needs breaking.
func sccs(n int, deps [][]dep) [][]int {
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var out [][]int
	next := 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, d := range deps[v] {
			w := d.to
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			out = append(out, comp)
		}
	}
	for v := 0; v < n; v++ {
		if index[v] < 0 {
			visit(v)
		}
	}
	return out
}

// egress fills the egress delta of every change that alters network reach.
func (b *builder) egress() {
	for i := range b.plan.Changes {
		c := &b.plan.Changes[i]
		if c.Action == ActionForget {
			continue // the environment keeps running as it is
		}
		after := c.After
		if c.Action.Destroys() {
			after = nil
		}
		items := change.RedactEgress(change.EgressOf(change.Existing(c.Before), after), c.Sensitive)
		if len(items) == 0 {
			continue
		}
		var name string
		switch {
		case slices.Contains(c.Sensitive, schema.PathName):
			name = SensitiveText
		case after != nil:
			name = after.Name
		default:
			name = c.Before.Name
		}
		b.plan.Egress = append(b.plan.Egress, EgressDelta{Address: c.Address, Name: name, Action: c.Action, Items: items})
	}
	sort.Slice(b.plan.Egress, func(i, j int) bool { return b.plan.Egress[i].Address < b.plan.Egress[j].Address })
}
