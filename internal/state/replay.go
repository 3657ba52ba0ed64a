package state

import (
	"maps"
	"slices"

	"terrarium/internal/origin"
	"terrarium/schema"
)

// Replay derives a Snapshot from records applied in order. It does no I/O,
// so every backend derives state the same way. Resources are replaced, never
// modified in place, which lets Snapshot hand out cheap copies.
type Replay struct {
	snap Snapshot
	// origin is the origin of the record being applied, for the versions
	// it records.
	origin *origin.Origin
}

// NewReplay returns a replay of an empty log.
func NewReplay() *Replay {
	return &Replay{snap: Snapshot{Resources: map[string]*Resource{}}}
}

// ReplayFrom returns a replay that continues from a checkpoint.
func ReplayFrom(cp *Snapshot) *Replay {
	r := &Replay{snap: *cp.Clone()}
	if r.snap.Resources == nil {
		r.snap.Resources = map[string]*Resource{}
	}
	return r
}

// Snapshot returns a copy of the current state that later records do not
// change.
func (r *Replay) Snapshot() *Snapshot { return r.snap.Clone() }

// Clone returns a copy of s that shares only immutable Resource values.
func (s *Snapshot) Clone() *Snapshot {
	c := *s
	c.Resources = maps.Clone(s.Resources)
	if c.Resources == nil {
		c.Resources = map[string]*Resource{}
	}
	c.Pending = slices.Clone(s.Pending)
	c.Retired = maps.Clone(s.Retired)
	return &c
}

// PendingIntent returns the unresolved intent with the given id.
func (r *Replay) PendingIntent(id string) (Intent, bool) {
	for _, in := range r.snap.Pending {
		if in.ID == id {
			return in, true
		}
	}
	return Intent{}, false
}

// Serial is the serial of the last apply.
func (r *Replay) Serial() int64 { return r.snap.Serial }

// Apply folds one record into the state. Unknown references (a result for
// an intent that is not pending, a move of an address that is not managed)
// change nothing: the log is history, and replay never refuses it.
func (r *Replay) Apply(rec *Record) {
	s := &r.snap
	r.origin = rec.Origin
	if rec.Origin != nil && rec.Kind != KindCheckpoint {
		o := *rec.Origin
		o.Accepted = false
		s.Origin = &o
	}
	switch rec.Kind {
	case KindInit:
		s.Stack, s.Lineage = rec.Init.Stack, rec.Init.Lineage
	case KindApplyStart:
		if rec.Apply.Serial > s.Serial {
			s.Serial = rec.Apply.Serial
		}
	case KindIntent:
		s.Pending = append(s.Pending, *rec.Intent)
	case KindResult:
		r.applyResult(rec.Result)
	case KindRefresh:
		if rec.Env.Live == nil {
			r.retire(rec.Env.Address)
			return
		}
		old := s.Resources[rec.Env.Address]
		pd := rec.Env.PreventDestroy || (old != nil && old.PreventDestroy)
		r.put(rec.Env.Address, rec.Env.Live, pd, r.sensitive(rec.Env.Address))
	case KindImport:
		if rec.Env.Live != nil {
			r.put(rec.Env.Address, rec.Env.Live, rec.Env.PreventDestroy, r.sensitive(rec.Env.Address))
			// Recording the live object settles any intent at this address
			// whose answer was lost: left pending, a landed update would be
			// offered for adoption again by every later plan.
			r.settle(rec.Env.Address, rec.Env.Live.ID, true, len(s.Pending))
		}
	case KindForget:
		r.retire(rec.Env.Address)
	case KindMove:
		r.move(rec.Env.From, rec.Env.Address)
	case KindCheckpoint:
		r.snap = *rec.Checkpoint.Clone()
	}
}

func (r *Replay) applyResult(res *Result) {
	s := &r.snap
	i := slices.IndexFunc(s.Pending, func(in Intent) bool { return in.ID == res.IntentID })
	if i < 0 {
		return
	}
	in := s.Pending[i]
	if res.Of() == OutcomeAmbiguous {
		return // pending until a refresh settles it
	}
	s.Pending = slices.Delete(s.Pending, i, i+1)
	// Pending is in log order: s.Pending[:i] were written before in, the
	// rest after it.
	if res.Of() == OutcomeOutside && res.Live != nil {
		r.putOutside(in, res.Live)
		return
	}
	if !res.OK {
		return
	}
	switch in.Op {
	case OpArchive, OpDelete, OpForget:
		r.retire(in.Address)
	case OpMove:
		r.move(in.From, in.Address)
		fallthrough
	default:
		if res.Live != nil {
			r.put(in.Address, res.Live, in.PreventDestroy, in.Sensitive)
			if in.Op == OpUpdate {
				r.settle(in.Address, res.Live.ID, false, i)
			}
		}
	}
}

// putOutside records live, found by a refresh where in's change was
// neither made nor absent, as the version of the address the environment
// now carries: a move that did not land leaves it at the old address, a
// forget whose ownership keys are gone takes it out of the stack.
func (r *Replay) putOutside(in Intent, live *schema.LiveEnv) {
	addr := in.Address
	switch stack, at := live.Owner(); {
	case in.Op == OpForget && stack == "":
		r.retire(in.Address)
		return
	case in.Op == OpMove && at == in.From:
		addr = in.From
	case in.Op == OpMove:
		r.move(in.From, in.Address)
	}
	old := r.snap.Resources[addr]
	r.put(addr, live, in.PreventDestroy || (old != nil && old.PreventDestroy), in.Sensitive)
	switch {
	case old != nil:
		before := old.Baseline
		if before == nil {
			before = &old.Live
		}
		r.snap.Resources[addr].Baseline = outsideBase(before, in.Spec, live)
	case in.Op == OpCreate && in.Spec != nil:
		// The create landed (settling found the environment by its
		// ownership keys) and was changed on top: what terrarium made is
		// what it asked for.
		r.snap.Resources[addr].Baseline = outsideBase(nil, in.Spec, live)
	}
}

// DriftBase is the version drift is measured from: Baseline when a change
// made outside terrarium was recorded but not accepted, else Live.
func (r *Resource) DriftBase() *schema.LiveEnv {
	if r.Baseline != nil {
		return r.Baseline
	}
	return &r.Live
}

// settle drops the pending intents that a newer record of the live object
// at address supersedes: updates of the same environment left pending by a
// run that died (their answer lost, or never sent), and, for an import,
// creates at the address (the import adopts what they made). Left pending,
// an update whose spec the environment now matches would be offered for
// adoption by every later plan. Intents of other environments at the
// address (the create of a replacement) are kept.
//
// Only the first older entries of Pending (those written before the
// record's intent; all of them for an import) are candidates: an intent
// written after it is a later call, which an earlier call's answer does
// not supersede. A name swap's final rename, its intent logged before the
// temporary rename's result, keeps its intent and so its result.
func (r *Replay) settle(address, envID string, creates bool, older int) {
	s := &r.snap
	kept := slices.DeleteFunc(slices.Clone(s.Pending[:older]), func(in Intent) bool {
		if in.Address != address {
			return false
		}
		return (in.Op == OpUpdate && in.EnvID == envID) || (creates && in.Op == OpCreate)
	})
	s.Pending = append(kept, s.Pending[older:]...)
}

// sensitive is what address already marks sensitive: a version read back
// from the API (drift accepted, import) may still hold those values.
func (r *Replay) sensitive(address string) []string {
	if old := r.snap.Resources[address]; old != nil {
		return old.Sensitive
	}
	return nil
}

// put records a new version of address.
func (r *Replay) put(address string, live *schema.LiveEnv, preventDestroy bool, sensitive []string) {
	s := &r.snap
	v := 1
	if old := s.Resources[address]; old != nil {
		v = old.Version + 1
	} else if n, ok := s.Retired[address]; ok {
		v = n + 1
		delete(s.Retired, address)
	}
	s.Resources[address] = &Resource{Address: address, ID: live.ID, Version: v, Live: *live, PreventDestroy: preventDestroy, Sensitive: sensitive, Origin: r.origin}
}

// retire removes address from the stack, remembering its version count.
func (r *Replay) retire(address string) {
	s := &r.snap
	old := s.Resources[address]
	if old == nil {
		return
	}
	if s.Retired == nil {
		s.Retired = map[string]int{}
	}
	s.Retired[address] = old.Version
	delete(s.Resources, address)
}

// move renames a resource, keeping its version count.
func (r *Replay) move(from, to string) {
	s := &r.snap
	old := s.Resources[from]
	if old == nil || from == to {
		return
	}
	moved := *old
	moved.Address = to
	delete(s.Resources, from)
	s.Resources[to] = &moved
}
