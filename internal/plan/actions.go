package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/change"
	"terrarium/schema"
)

// diffAll decides the action for every configured and every managed
// environment.
func (b *builder) diffAll() {
	inConfig := map[string]bool{}
	if !b.in.Options.Destroy {
		for _, e := range b.in.Config.Environments {
			inConfig[e.Address] = true
			if b.targeted(e.Address) {
				b.planEnv(e)
			}
		}
	}
	addrs := make([]string, 0, len(b.managed))
	for a := range b.managed {
		if !inConfig[a] {
			addrs = append(addrs, a)
		}
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		if b.targeted(a) {
			b.planOrphan(a, b.managed[a])
		}
	}
}

// planEnv decides the action for one configured environment.
func (b *builder) planEnv(e *schema.Environment) {
	addr := e.Address
	desired := e.Spec()
	live := b.managed[addr]
	switch {
	case live == nil:
		b.add(Change{Address: addr, Action: ActionCreate, Reason: b.createReason(addr), After: withOwner(desired, b.stack, addr, e.Lifecycle.PreventDestroy), PreventDestroy: e.Lifecycle.PreventDestroy})
		return
	case live.Archived():
		reason := "archived outside terrarium; an archived environment cannot be updated, so a new one is created"
		if b.res[addr] == nil && !b.plan.DriftUnavailable {
			reason = "archived by an earlier apply (a destroy, a removal, or a replace that did not finish); a new one is created"
		}
		b.add(Change{Address: addr, Action: ActionReplace, Reason: reason,
			Before: live, After: withOwner(desired, b.stack, addr, e.Lifecycle.PreventDestroy), Fields: change.Specs(&live.EnvSpec, &desired), PreventDestroy: e.Lifecycle.PreventDestroy})
		return
	}
	eff := applyIgnore(desired, &live.EnvSpec, ignorePaths(e))
	if eff.Config.Type != live.Config.Type {
		b.planReplace(e, live, desired, fmt.Sprintf("config type changes from %s to %s, which the API cannot do in place", live.Config.Type, desired.Config.Type))
		return
	}
	if matchesAny(addr, b.in.Options.Replace) {
		b.planReplace(e, live, desired, "because -replace was given")
		return
	}
	c := Change{Address: addr, Before: live, Fields: change.Specs(&live.EnvSpec, &eff), PreventDestroy: e.Lifecycle.PreventDestroy}
	if !b.classify(&c) {
		b.plan.Unchanged++
		return
	}
	c.After = withOwner(eff, b.stack, addr, c.PreventDestroy)
	c.RemoveMetadata = removedKeys(live.Metadata, c.After.Metadata)
	b.add(c)
}

// classify picks update, adopt or move for an environment that stays, and
// reports false when it needs no change.
func (b *builder) classify(c *Change) bool {
	addr, live := c.Address, c.Before
	_, r := b.res[addr]
	stack, liveAddr := live.Owner()
	switch {
	case b.imported[addr]:
		c.Action, c.Reason = ActionAdopt, fmt.Sprintf("import: %s is adopted into the stack", live.ID)
	case !r && !b.plan.DriftUnavailable:
		c.Action, c.Reason = ActionAdopt, fmt.Sprintf("found by its ownership keys but missing from the state log; %s is recorded", live.ID)
	case b.moved[addr] != "":
		c.PrevAddress = b.moved[addr]
		c.Action, c.Reason = ActionMove, "moved from "+c.PrevAddress
		if len(c.Fields) > 0 {
			c.Action, c.Reason = ActionUpdate, fmt.Sprintf("moved from %s; %s", c.PrevAddress, countAttrs(len(c.Fields)))
		}
	case keysRemoved(live) && len(c.Fields) > 0:
		c.Action, c.Reason = ActionUpdate, "ownership keys removed outside terrarium are written back; "+countAttrs(len(c.Fields))
	case keysRemoved(live):
		c.Action, c.Reason = ActionUpdate, "ownership keys removed outside terrarium are written back"
	case len(c.Fields) > 0:
		c.Action, c.Reason = ActionUpdate, countAttrs(len(c.Fields))
	case stack != b.stack || liveAddr != addr:
		c.Action, c.Reason = ActionUpdate, "ownership keys need repair"
	case live.Protected() != c.PreventDestroy:
		// The environment carries prevent_destroy so that a runner without
		// the state log still honours it; only this reviewed change lifts it.
		c.Action, c.Reason = ActionUpdate, fmt.Sprintf(
			"lifecycle.prevent_destroy changes to %t; the environment records it", c.PreventDestroy)
	case r && b.res[addr] != nil && b.res[addr].PreventDestroy != c.PreventDestroy:
		// The state log remembers prevent_destroy so that deleting the block
		// cannot lift it; a lifecycle-only change must reach the log too.
		c.Action, c.Reason = ActionUpdate, fmt.Sprintf(
			"lifecycle.prevent_destroy changes to %t; the state log records it", c.PreventDestroy)
	default:
		return false
	}
	return true
}

func countAttrs(n int) string {
	if n == 1 {
		return "1 attribute differs from the configuration"
	}
	return fmt.Sprintf("%d attributes differ from the configuration", n)
}

func (b *builder) createReason(addr string) string {
	switch {
	case b.res[addr] != nil:
		return "deleted outside terrarium"
	}
	return "not in the live environments"
}

// planReplace replaces an environment: for a config type change, which the
// API refuses in place, or because -replace asked; why says which.
func (b *builder) planReplace(e *schema.Environment, live *schema.LiveEnv, desired schema.EnvSpec, why string) {
	addr := e.Address
	mode := b.destroyMode(e)
	if b.protected(addr, e) {
		b.preventDestroyError(addr, e, "replace")
		return
	}
	c := Change{
		Address: addr, Action: ActionReplace, Before: live, After: withOwner(desired, b.stack, addr, e.Lifecycle.PreventDestroy),
		Reason: fmt.Sprintf("%s; the old environment is %sd first", why, mode),
		Fields: change.Specs(&live.EnvSpec, &desired), DestroyMode: mode, PreventDestroy: e.Lifecycle.PreventDestroy,
	}
	if mode == "archive" {
		// An archived environment keeps its name and cannot be renamed
		// (API.md: archived environments cannot be updated), so the old
		// environment is parked first: the name is free after this apply,
		// for the new environment or for any later change.
		c.ParkName = parkName(&c)
	}
	b.add(c)
}

// planOrphan handles a managed environment the configuration no longer has
// (or every one, with -destroy).
func (b *builder) planOrphan(addr string, live *schema.LiveEnv) {
	if live.Archived() {
		return // already gone as far as the stack is concerned
	}
	e := b.env(addr)
	if rm := b.removedBlock(addr); rm != nil && !rm.Destroy {
		after, remove := ForgetSpec(live.EnvSpec)
		b.add(Change{Address: addr, Action: ActionForget, Before: live, After: &after,
			RemoveMetadata: remove,
			Reason:         "removed block with destroy = false: terrarium stops managing it and the environment stays"})
		return
	}
	if b.protected(addr, e) {
		b.preventDestroyError(addr, e, b.destroyMode(e))
		return
	}
	reason := "not in the configuration"
	switch {
	case b.in.Options.Destroy:
		reason = "destroy plan"
	case b.removedBlock(addr) != nil:
		reason = "removed block"
	}
	act := ActionArchive
	if b.destroyMode(e) == "delete" {
		act = ActionDelete
	}
	b.add(Change{Address: addr, Action: act, Before: live, Reason: reason})
}

func (b *builder) removedBlock(addr string) *schema.Removed {
	for _, r := range b.in.Config.Removed {
		if r.From.Value == addr || (len(addr) > len(r.From.Value) && addr[:len(r.From.Value)+1] == r.From.Value+"[") {
			return r
		}
	}
	return nil
}

// destroyMode is the lifecycle's on_destroy, else the stack's, else archive.
func (b *builder) destroyMode(e *schema.Environment) string {
	if e != nil && e.Lifecycle.OnDestroy != nil && e.Lifecycle.OnDestroy.Value != "" {
		return e.Lifecycle.OnDestroy.Value
	}
	if m := b.in.Config.Settings.OnDestroy.Value; m != "" {
		return m
	}
	return "archive"
}

// protected reports prevent_destroy from the configuration while the block
// exists (an explicit false lifts it, in the same reviewed change), else,
// so that deleting the block does not lift it, from the state log or from
// the environment itself (schema.MetaPreventDestroy), which a runner
// without the state log still reads.
func (b *builder) protected(addr string, e *schema.Environment) bool {
	if e != nil {
		return e.Lifecycle.PreventDestroy
	}
	if r := b.res[addr]; r != nil && r.PreventDestroy {
		return true
	}
	live := b.managed[addr]
	return live != nil && live.Protected()
}

func (b *builder) preventDestroyError(addr string, e *schema.Environment, what string) {
	var r *hcl.Range
	if e != nil {
		rr := e.Lifecycle.Range
		if rr.Filename == "" {
			rr = e.DeclRange
		}
		r = &rr
	}
	if e == nil && b.siblingOf(addr) != nil {
		// The block is still there; this instance left its for_each value.
		sib := b.siblingOf(addr)
		rr := sib.DeclRange
		b.errorAbout(addr, &rr, "Environment is protected by prevent_destroy",
			"The plan would %s %s: the instance is going, because its key is no longer in the for_each value of %s, but the state log remembers its prevent_destroy = true. "+
				"To destroy it, put the key back, set prevent_destroy = false in the block and apply, then remove the key.", what, addr, blockAddress(addr))
		return
	}
	if res := b.res[addr]; e == nil && (res == nil || !res.PreventDestroy) {
		b.errorAbout(addr, r, "Environment is protected by prevent_destroy",
			"The plan would %s %s, whose block is gone, but the environment records prevent_destroy = true on itself (metadata %s). "+
				"To destroy it, put the block back with prevent_destroy = false and apply, then remove the block.",
			what, addr, schema.MetaPreventDestroy)
		return
	}
	if e == nil {
		b.errorAbout(addr, r, "Environment is protected by prevent_destroy",
			"The plan would %s %s, whose block is gone, but the state log remembers its prevent_destroy = true. "+
				"To destroy it, put the block back with prevent_destroy = false and apply, then remove the block.", what, addr)
		return
	}
	b.errorAbout(addr, r, "Environment is protected by prevent_destroy",
		"The plan would %s %s, but its lifecycle has prevent_destroy = true. "+
			"To destroy it, first apply the configuration with prevent_destroy removed.", what, addr)
}

// blockAddress is the address of the block an instance address belongs
// to: environment.team for environment.team["data"].
func blockAddress(addr string) string {
	if i := strings.Index(addr, "["); i > 0 {
		return addr[:i]
	}
	return addr
}

// siblingOf returns a configured instance of the for_each block addr is
// an instance of, when addr is an instance whose block still exists.
func (b *builder) siblingOf(addr string) *schema.Environment {
	block := blockAddress(addr)
	if block == addr {
		return nil
	}
	for _, e := range b.in.Config.Environments {
		if e.Key != nil && blockAddress(e.Address) == block {
			return e
		}
	}
	return nil
}

func ignorePaths(e *schema.Environment) []string {
	out := make([]string, len(e.Lifecycle.IgnoreChanges))
	for i, s := range e.Lifecycle.IgnoreChanges {
		out[i] = s.Value
	}
	return out
}

// drift lists, for every managed environment the state log has a version
// of, what differs live from that version.
func (b *builder) drift() {
	if b.plan.DriftUnavailable {
		return
	}
	addrs := make([]string, 0, len(b.res))
	for a := range b.res {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	for _, a := range addrs {
		r := b.res[a]
		base := r.DriftBase()
		live := b.managed[a]
		if live == nil {
			sens := b.sensitive(a)
			b.plan.Drift = append(b.plan.Drift, Drift{Address: a, EnvID: r.ID, Reason: "deleted outside terrarium", Sensitive: sens,
				Egress: change.RedactEgress(change.EgressOf(change.Existing(base), nil), sens)})
			continue
		}
		d := Drift{Address: a, EnvID: live.ID, Live: live, Fields: change.Live(base, live),
			Egress: change.EgressOf(change.Existing(base), change.Existing(live))}
		switch {
		case live.ID != r.ID:
			d.Reason = fmt.Sprintf("replaced outside terrarium: the state log has %s, live is %s", r.ID, live.ID)
		case !base.Archived() && live.Archived():
			d.Reason = "archived outside terrarium"
		case keysRemoved(live) && !keysRemoved(&r.Live):
			d.Reason = "ownership keys removed outside terrarium"
			d.Fields = change.LiveWithReserved(&r.Live, live)
		case len(d.Fields) > 0:
			d.Reason = "changed outside terrarium"
		default:
			continue
		}
		d.Sensitive = b.sensitive(a)
		d.Fields = change.Redact(d.Fields, d.Sensitive)
		d.Egress = change.RedactEgress(d.Egress, d.Sensitive)
		b.plan.Drift = append(b.plan.Drift, d)
	}
}
