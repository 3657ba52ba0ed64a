package plan

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/antfiles"
	"terrarium/internal/api"
	"terrarium/internal/change"
	"terrarium/internal/diag"
	"terrarium/internal/ids"
	"terrarium/internal/state"
	"terrarium/schema"
)

// Input is everything a plan is computed from.
type Input struct {
	Config *schema.Config
	// Live is every environment the API lists, archived ones included.
	Live []schema.LiveEnv
	// Snapshot is the state log's current state; nil when there is none.
	Snapshot *state.Snapshot
	Lint     *LintSummary
	Options  Options
	// Ant is what ant apply manages (its claude-lock.json); nil when
	// nothing. Plans that touch its environments report the conflict.
	Ant *antfiles.Owned

	ToolVersion string
	ConfigHash  string
	Now         time.Time // zero: time.Now()
	ID          string    // empty: a random id
}

// Refresh reads every environment, archived ones included, in one paged
// list: the whole stack is refreshed without a request per environment.
func Refresh(ctx context.Context, c api.Client) ([]schema.LiveEnv, error) {
	return c.List(ctx, api.ListOptions{IncludeArchived: true})
}

// builder holds the indexes one Compute call works from.
type builder struct {
	in       Input
	stack    string
	managed  map[string]*schema.LiveEnv // address -> live, moves applied
	byID     map[string]*schema.LiveEnv
	byName   map[string]*schema.LiveEnv   // non-archived only
	archived map[string][]*schema.LiveEnv // name -> archived environments keeping it
	res      map[string]*state.Resource   // snapshot, moves applied
	moved    map[string]string            // new address -> old
	imported map[string]bool
	envs     map[string]*schema.Environment // configured, by address
	plan     *Plan
	diags    hcl.Diagnostics
}

// Compute diffs the configuration against in.Live (from Refresh) and in.Snapshot. The
// snapshot's pending changes are first settled against in.Live, in memory
// (state.Settled): a change of terrarium's whose answer was lost is its
// own version, never drift; apply records the settlement.
func Compute(in Input) (*Plan, hcl.Diagnostics) {
	if in.Snapshot != nil && len(in.Snapshot.Pending) > 0 {
		in.Snapshot, _ = state.Settled(in.Snapshot, in.Live)
	}
	b := newBuilder(in)
	b.index()
	b.applyMoves()
	b.applyImports()
	b.checkTargets()
	b.diffAll()
	b.antConflicts()
	b.drift()
	if !in.Options.RefreshOnly {
		b.order()
		b.egress()
	} else {
		b.plan.Changes = []Change{} // an empty list, never null: the JSON schema requires an array
	}
	sort.Slice(b.plan.Changes, func(i, j int) bool { return b.plan.Changes[i].Address < b.plan.Changes[j].Address })
	return b.plan, b.diags
}

func newBuilder(in Input) *builder {
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	if in.ID == "" {
		in.ID = ids.New("plan_")
	}
	p := &Plan{
		FormatVersion: FormatVersion, ToolVersion: in.ToolVersion, ID: in.ID,
		Created: in.Now.UTC(), Stack: in.Config.Settings.Stack.Value, ConfigDir: in.Config.Dir,
		ConfigHash: in.ConfigHash, Options: in.Options, Lint: in.Lint,
		Changes: []Change{}, Drift: []Drift{}, Egress: []EgressDelta{},
	}
	if ws := in.Config.Settings.WorkspaceID; ws != nil {
		p.WorkspaceID = ws.Value
	}
	if p.Stack == "" {
		p.Stack = "default"
	}
	if s := in.Snapshot; s != nil {
		p.Lineage, p.Serial = s.Lineage, s.Serial
	}
	p.DriftUnavailable = in.Snapshot == nil || in.Snapshot.Lineage == ""
	return &builder{
		in: in, stack: p.Stack, plan: p,
		managed: make(map[string]*schema.LiveEnv, len(in.Live)), byID: make(map[string]*schema.LiveEnv, len(in.Live)),
		byName: make(map[string]*schema.LiveEnv, len(in.Live)), res: map[string]*state.Resource{},
		moved: map[string]string{}, imported: map[string]bool{}, archived: map[string][]*schema.LiveEnv{},
	}
}

// env returns the configured environment at address, or nil.
func (b *builder) env(address string) *schema.Environment {
	if b.envs == nil {
		b.envs = make(map[string]*schema.Environment, len(b.in.Config.Environments))
		for _, e := range b.in.Config.Environments {
			b.envs[e.Address] = e
		}
	}
	return b.envs[address]
}

// index sorts the live environments into managed, by id and by name. When
// several carry one address (a replaced environment left archived), the
// one not archived wins.
func (b *builder) index() {
	for i := range b.in.Live {
		l := &b.in.Live[i]
		b.byID[l.ID] = l
		if !l.Archived() {
			b.byName[l.Name] = l
		} else {
			b.archived[l.Name] = append(b.archived[l.Name], l)
		}
		stack, addr := l.Owner()
		if stack != b.stack || addr == "" {
			continue
		}
		prev := b.managed[addr]
		switch {
		case prev == nil || (prev.Archived() && !l.Archived()):
			b.managed[addr] = l
		case !prev.Archived() && !l.Archived():
			b.errorAbout(addr, nil, "Two environments claim one address",
				"%s and %s both carry %s = %q and %s = %q. Forget one of them (terrarium forget) before planning.",
				prev.ID, l.ID, schema.MetaStack, b.stack, schema.MetaAddress, addr)
		}
	}
	if s := b.in.Snapshot; s != nil {
		for a, r := range s.Resources {
			b.res[a] = r
		}
		b.indexHalfOwned()
	}
}

// indexHalfOwned finds environments whose ownership keys were removed
// outside terrarium, in part (the address key deleted by hand) or in
// whole (ant apply, or any tool that updates metadata without declaring
// them, deletes both): the state log knows each by id, so it stays managed
// at its address and the plan writes the keys back. An environment that
// another stack's keys claim is that stack's.
func (b *builder) indexHalfOwned() {
	byID := make(map[string]string, len(b.res))
	for a, r := range b.res {
		byID[r.ID] = a
	}
	for i := range b.in.Live {
		l := &b.in.Live[i]
		stack, addr := l.Owner()
		if l.Archived() || (stack != "" && stack != b.stack) || (stack == b.stack && addr != "") {
			continue
		}
		if a, ok := byID[l.ID]; ok && b.managed[a] == nil {
			b.managed[a] = l
		}
	}
}

// keysRemoved reports whether live lost every ownership key terrarium
// wrote on it.
func keysRemoved(live *schema.LiveEnv) bool {
	stack, addr := live.Owner()
	return stack == "" && addr == ""
}

// applyMoves relabels environments named by moved blocks, in block order so
// that chains (a -> b, b -> c) resolve.
func (b *builder) applyMoves() {
	for _, m := range b.in.Config.Moved {
		from, to := m.From.Value, m.To.Value
		l := b.managed[from]
		if l == nil || b.managed[to] != nil {
			continue // already moved, or nothing to move
		}
		b.managed[to] = l
		delete(b.managed, from)
		if r, ok := b.res[from]; ok {
			b.res[to] = r
			delete(b.res, from)
		}
		orig := from
		if o, ok := b.moved[from]; ok {
			orig = o
			delete(b.moved, from)
		}
		b.moved[to] = orig
	}
}

// applyImports resolves import blocks and import requests to live objects.
func (b *builder) applyImports() {
	imports := append([]*schema.Import{}, b.in.Config.Imports...)
	for i := range b.in.Options.Imports {
		imports = append(imports, &b.in.Options.Imports[i])
	}
	for _, im := range imports {
		to, id := im.To.Value, im.ID.Value
		if b.managed[to] != nil {
			continue // imported by an earlier apply
		}
		r := im.Range
		l := b.byID[id]
		switch {
		case l == nil:
			b.errorf(&r, "Environment to import not found", "No environment has the id %q (archived ones included).", id)
			continue
		case l.Archived():
			b.errorf(&r, "Environment to import is archived", "%s is archived; an archived environment cannot be updated, so it cannot be imported.", id)
			continue
		case b.env(to) == nil:
			b.errorf(&r, "Import target not in the configuration", "Add an environment block for %s before importing %s into it.", to, id)
			continue
		}
		if a := b.managedAt(id); a != "" {
			b.errorf(&r, "Environment already managed", "%s is already managed by this stack as %s (the state log records it there, though its ownership keys were removed outside terrarium; the next apply writes them back).", id, a)
			continue
		}
		if stack, addr := l.Owner(); stack == b.stack && addr != "" {
			b.errorf(&r, "Environment already managed", "%s is already managed by this stack as %s.", id, addr)
			continue
		} else if stack != "" {
			b.errorf(&r, "Environment managed by another stack", "%s belongs to stack %q (%s); a stack never takes another stack's environments.", id, stack, addr)
			continue
		}
		b.managed[to] = l
		b.imported[to] = true
	}
}

// managedAt is the address the stack manages the environment id at when
// it found it by the state log alone (its ownership keys removed), or "".
func (b *builder) managedAt(id string) string {
	for a, l := range b.managed {
		if l.ID == id && keysRemoved(l) {
			return a
		}
	}
	return ""
}

// targeted reports whether -target selects address (all when none given)
// and no -exclude leaves it out.
func (b *builder) targeted(address string) bool {
	if matchesAny(address, b.in.Options.Excludes) {
		return false
	}
	return len(b.in.Options.Targets) == 0 || matchesAny(address, b.in.Options.Targets)
}

// matchesAny reports whether address is one of addrs, or an instance of a
// for_each block one of them names.
func matchesAny(address string, addrs []string) bool {
	for _, t := range addrs {
		if address == t || strings.HasPrefix(address, t+"[") {
			return true
		}
	}
	return false
}

// checkTargets refuses a -target, -exclude or -replace that names no
// configured or managed environment: a typo would otherwise plan "No
// changes" (or the very change it meant to prevent) and exit 0.
func (b *builder) checkTargets() {
	for _, flag := range []struct {
		name  string
		addrs []string
	}{{"target", b.in.Options.Targets}, {"exclude", b.in.Options.Excludes}, {"replace", b.in.Options.Replace}} {
		for _, t := range flag.addrs {
			b.checkAddressFlag(flag.name, t)
		}
	}
}

func (b *builder) checkAddressFlag(flag, t string) {
	if !strings.HasPrefix(t, "environment.") {
		b.errorAbout(t, nil, "Invalid "+flag+" address", "-%s %q is not an environment address; write it as environment.LABEL.", flag, t)
		return
	}
	found := false
	for _, e := range b.in.Config.Environments {
		found = found || matchesAny(e.Address, []string{t})
	}
	for a := range b.managed {
		found = found || matchesAny(a, []string{t})
	}
	if !found {
		summary := "Target matches nothing"
		if flag != "target" {
			summary = "-" + flag + " matches nothing"
		}
		b.errorAbout(t, nil, summary, "-%s %s names no environment in the configuration or in stack %s.", flag, t, b.stack)
	}
}

func (b *builder) errorf(r *hcl.Range, summary, detail string, args ...any) {
	b.diags = b.diags.Append(&hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: r,
	})
}

// errorAbout adds an error about the object at address (a live
// environment, a -target argument, a change), at r when it has a source
// range (nil when it has none).
func (b *builder) errorAbout(address string, r *hcl.Range, summary, detail string, args ...any) {
	d := diag.Error(address, summary, fmt.Sprintf(detail, args...))
	d.Subject = r
	b.diags = b.diags.Append(d)
}

func (b *builder) add(c Change) {
	if c.Before != nil {
		c.EnvID = c.Before.ID
		c.Fingerprint = Fingerprint(c.Before)
	}
	c.Sensitive = b.sensitive(c.Address)
	c.Fields = change.Redact(c.Fields, c.Sensitive)
	b.plan.Changes = append(b.plan.Changes, c)
}

// sensitive lists the paths of address whose values derive from a
// sensitive variable: those the configuration marks, and those the state
// log recorded as sensitive when it was last applied, so that a value
// stays hidden on the before side after the configuration stops deriving
// it from the variable, or drops the block (as Terraform keeps sensitive
// marks of prior state).
func (b *builder) sensitive(address string) []string {
	var out []string
	if e := b.env(address); e != nil {
		out = e.SensitivePaths()
	}
	if r := b.res[address]; r != nil {
		for _, p := range r.Sensitive {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
