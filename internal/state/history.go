package state

import (
	"context"
	"fmt"
	"slices"
	"time"

	"terrarium/internal/change"
	"terrarium/schema"
)

// The history engine reads the log and returns values; views print them.

// Version is one recorded version of an address, or an event that took the
// address out of the stack (Removed).
type Version struct {
	// N is the version number, v1..vN; for a removal, the last version.
	N       int    `json:"version"`
	Address string `json:"address"`
	// Event is what made this version: create, update, replace, adopt,
	// move, refresh (drift accepted), import; or archive, delete, forget
	// for a removal.
	Event   string `json:"event"`
	Removed bool   `json:"removed,omitempty"`
	// Step marks a version an apply recorded on the way to its last
	// version of the address: a name parked before an archive, the old
	// environment of a replace, a temporary name of a swap. A step carries
	// no changes and no egress; the apply's last version carries them all,
	// as the plan showed them.
	Step bool `json:"step,omitempty"`
	// Settled is set on a version a refresh recorded for an apply's call
	// whose answer was lost: "landed" (the live object is what terrarium
	// asked: the change is terrarium's, attributed to its apply) or
	// "outside" (it is neither that nor the version before: changed
	// outside terrarium; Event is then "outside").
	Settled string          `json:"settled,omitempty"`
	Seq     int64           `json:"seq"`
	Time    time.Time       `json:"time"`
	Apply   *Apply          `json:"apply,omitempty"` // the apply it belongs to
	Live    *schema.LiveEnv `json:"live,omitempty"`
	// Changes are the fields that differ from the previous version
	// (change.Live); none for a creation, whose whole object is Live, as a
	// plan's create carries its whole object.
	Changes []change.Field `json:"changes,omitempty"`
	// Egress is what the version did to network reach (change.EgressOf
	// from the previous version); for a removal, the reach it took away.
	Egress change.Egress `json:"egress"`
	// Sensitive lists the paths whose values derive from a sensitive
	// variable, in this version or the one before it (whose values
	// Changes and Egress show too).
	Sensitive []string `json:"sensitive,omitempty"`
}

// AddressHistory is every version of one address, oldest first.
type AddressHistory struct {
	Address  string    `json:"address"`
	Versions []Version `json:"versions"`
}

// Version returns version n (not a removal), or nil.
func (h *AddressHistory) Version(n int) *Version {
	for i := range h.Versions {
		if v := &h.Versions[i]; v.N == n && !v.Removed {
			return v
		}
	}
	return nil
}

// Latest returns the highest version number.
func (h *AddressHistory) Latest() int {
	n := 0
	for _, v := range h.Versions {
		n = max(n, v.N)
	}
	return n
}

// VersionDiff is the difference between two versions of an address.
type VersionDiff struct {
	Address string         `json:"address"`
	From    int            `json:"from"`
	To      int            `json:"to"`
	Changes []change.Field `json:"changes"`
	Egress  change.Egress  `json:"egress"`
	// Sensitive lists the paths either version marks sensitive.
	Sensitive []string `json:"sensitive,omitempty"`
}

// Diff compares versions a and b of h.
func (h *AddressHistory) Diff(a, b int) (*VersionDiff, error) {
	va, vb := h.Version(a), h.Version(b)
	for n, v := range map[int]*Version{a: va, b: vb} {
		if v == nil {
			return nil, fmt.Errorf("%s has no version %d (it has v1..v%d)", h.Address, n, h.Latest())
		}
	}
	changes := change.Live(va.Live, vb.Live)
	if changes == nil {
		changes = []change.Field{}
	}
	egress := change.EgressOf(change.Existing(va.Live), change.Existing(vb.Live))
	return &VersionDiff{Address: h.Address, From: a, To: b, Changes: changes, Egress: egress, Sensitive: union(va.Sensitive, vb.Sensitive)}, nil
}

// ReadHistory returns the versions of address recorded in the log file at
// path, following moves into it. It reads the whole file but decodes only
// the records that mention the address (and the apply each belongs to).
func ReadHistory(ctx context.Context, path, address string) (*AddressHistory, error) {
	names := []string{address}
	for {
		w := &historyWalk{h: &AddressHistory{Address: address, Versions: []Version{}}, replay: NewReplay(), names: names}
		if err := scanRelevant(ctx, path, names, w.visit); err != nil {
			return nil, err
		}
		more := movesInto(w.moves, names)
		if len(more) == 0 {
			foldSteps(w.h.Versions)
			return w.h, nil
		}
		names = append(names, more...) // a rename: walk again with the old names
	}
}

// History returns the versions of address in any backend's log; the local
// log takes the faster path of ReadHistory.
func History(ctx context.Context, l Log, address string) (*AddressHistory, error) {
	if local, ok := l.(*Local); ok {
		return ReadHistory(ctx, local.Path(), address)
	}
	names := []string{address}
	for {
		w := &historyWalk{h: &AddressHistory{Address: address, Versions: []Version{}}, replay: NewReplay(), names: names}
		var apply *Apply
		intents := map[string]bool{} // results may lack the address
		err := l.Records(ctx, func(rec Record) error {
			switch rec.Kind {
			case KindApplyStart:
				apply = rec.Apply
			case KindApplyEnd:
				apply = nil
			case KindCheckpoint:
			default:
				if rec.Kind == KindIntent && mentions(&rec, names) {
					intents[rec.Intent.ID] = true
				}
				if mentions(&rec, names) || (rec.Kind == KindResult && intents[rec.Result.IntentID]) {
					w.visit(&rec, apply)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		more := movesInto(w.moves, names)
		if len(more) == 0 {
			foldSteps(w.h.Versions)
			return w.h, nil
		}
		names = append(names, more...)
	}
}

// mentions reports whether rec is about one of names.
func mentions(rec *Record, names []string) bool {
	from := ""
	switch {
	case rec.Intent != nil:
		from = rec.Intent.From
	case rec.Env != nil:
		from = rec.Env.From
	}
	return slices.Contains(names, recordAddress(rec)) || (from != "" && slices.Contains(names, from))
}

// eventReplace is the event of a version that replaced the environment:
// the old one archived or deleted and a new one created, in one apply.
const eventReplace = "replace"

// historyWalk replays only the records of the tracked names; the state of
// an address depends on nothing else, so version numbers match Snapshot.
type historyWalk struct {
	h      *AddressHistory
	replay *Replay
	names  []string
	moves  []Record
	// applyOf is the apply each intent was written in: a settled result
	// belongs to its intent's apply, not to the run that settled it.
	applyOf map[string]*Apply
}

func (w *historyWalk) visit(rec *Record, apply *Apply) {
	if res := rec.Result; res != nil && res.Op == "" {
		if in, ok := w.replay.PendingIntent(res.IntentID); ok {
			r := *res
			r.Op, r.Address = in.Op, in.Address
			rec.Result = &r
		}
	}
	switch {
	case rec.Kind == KindIntent:
		if w.applyOf == nil {
			w.applyOf = map[string]*Apply{}
		}
		w.applyOf[rec.Intent.ID] = apply
	case rec.Kind == KindResult && rec.Result.Settled:
		apply = w.applyOf[rec.Result.IntentID]
	}
	before := w.versionsOf()
	w.replay.Apply(rec)
	move := rec.Kind == KindMove || recOp(rec) == OpMove
	if rec.Kind == KindMove || (rec.Kind == KindIntent && rec.Intent.Op == OpMove) {
		w.moves = append(w.moves, *rec)
	}
	for _, name := range w.names {
		b, a := before[name], w.replay.snap.Resources[name]
		switch {
		case a != nil && (b == nil || a.Version != b.Version):
			if rec.Kind == KindMove {
				continue // a rename keeps its version
			}
			v := Version{N: a.Version, Address: name, Event: eventOf(rec), Seq: rec.Seq, Time: rec.Time, Apply: apply, Live: &a.Live}
			if res := rec.Result; res != nil && res.Settled {
				v.Settled = string(res.Of())
			}
			prev := w.lastLive()
			if prev != nil {
				v.Changes = change.Live(prev, &a.Live)
			}
			v.Egress = change.EgressOf(change.Existing(prev), change.Existing(&a.Live))
			v.Sensitive = union(w.lastSensitive(), a.Sensitive)
			w.h.Versions = append(w.h.Versions, v)
		case b != nil && a == nil && !move:
			ev := eventOf(rec)
			var egress change.Egress
			if ev != string(OpForget) {
				// A forgotten environment keeps running as it was: its
				// network reach does not change.
				egress = change.EgressOf(change.Existing(&b.Live), nil)
			}
			w.h.Versions = append(w.h.Versions, Version{N: b.Version, Address: name, Event: ev, Removed: true, Seq: rec.Seq, Time: rec.Time, Apply: apply, Egress: egress, Sensitive: b.Sensitive})
		}
	}
}

// foldSteps makes each apply's change to an address tell the story its
// plan told. An apply that records several versions of one address (a
// name parked before an archive, the archive and the create of a replace,
// a temporary name of a swap) made one planned change: all but its last
// version become steps, and the last carries the changes and the egress
// from the version before the apply to the apply's end. A removal followed
// by a create is a replace.
func foldSteps(vs []Version) {
	for i := 0; i < len(vs); {
		j := i + 1
		for j < len(vs) && vs[j].Address == vs[i].Address && sameApply(vs[i].Apply, vs[j].Apply) {
			j++
		}
		if j-i > 1 {
			foldRun(vs[:j], i)
		}
		i = j
	}
}

// foldRun folds vs[i:] into its last version; vs[i-1], when there is one,
// is the version before the apply.
func foldRun(vs []Version, i int) {
	var before *schema.LiveEnv
	if i > 0 {
		before = vs[i-1].Live // nil after a removal: the run starts afresh
	}
	last := &vs[len(vs)-1]
	for k := i; k < len(vs)-1; k++ {
		if vs[k].Removed && !last.Removed {
			last.Event = eventReplace
		}
		vs[k].Step, vs[k].Changes, vs[k].Egress = true, nil, nil
	}
	switch {
	case last.Event == string(OpForget):
		// A forgotten environment keeps its reach.
	case last.Removed:
		last.Egress = change.EgressOf(change.Existing(before), nil)
	default:
		last.Changes = nil
		if before != nil {
			last.Changes = change.Live(before, last.Live)
		}
		last.Egress = change.EgressOf(change.Existing(before), change.Existing(last.Live))
	}
}

// sameApply reports whether two versions were recorded by one apply.
func sameApply(a, b *Apply) bool {
	return a != nil && b != nil && a.Serial == b.Serial
}

func (w *historyWalk) versionsOf() map[string]*Resource {
	m := make(map[string]*Resource, len(w.names))
	for _, n := range w.names {
		m[n] = w.replay.snap.Resources[n]
	}
	return m
}

// lastLive is the object of the latest version, nil after a removal.
func (w *historyWalk) lastLive() *schema.LiveEnv {
	if n := len(w.h.Versions); n > 0 {
		return w.h.Versions[n-1].Live
	}
	return nil
}

func (w *historyWalk) lastSensitive() []string {
	if n := len(w.h.Versions); n > 0 {
		return w.h.Versions[n-1].Sensitive
	}
	return nil
}

// union returns the paths of a and b, each once, sorted; nil when none.
func union(a, b []string) []string {
	if len(a)+len(b) == 0 {
		return nil
	}
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func recOp(rec *Record) Op {
	if rec.Result != nil {
		return rec.Result.Op
	}
	return ""
}

// eventOf names what a record did to an environment.
func eventOf(rec *Record) string {
	switch rec.Kind {
	case KindResult:
		if rec.Result.Of() == OutcomeOutside {
			return string(OutcomeOutside)
		}
		return string(rec.Result.Op)
	case KindRefresh:
		if rec.Env.Live == nil {
			return "gone"
		}
	}
	return string(rec.Kind)
}

// recordAddress is the address a record is about, or "".
func recordAddress(rec *Record) string {
	switch {
	case rec.Intent != nil:
		return rec.Intent.Address
	case rec.Result != nil:
		return rec.Result.Address
	case rec.Env != nil:
		return rec.Env.Address
	}
	return ""
}

// movesInto returns the addresses that h's records show moved into one of
// names and are not in names yet.
func movesInto(recs []Record, names []string) []string {
	var from []string
	for _, rec := range recs {
		f, to := "", ""
		switch {
		case rec.Kind == KindMove:
			f, to = rec.Env.From, rec.Env.Address
		case rec.Kind == KindIntent && rec.Intent.Op == OpMove:
			f, to = rec.Intent.From, rec.Intent.Address
		}
		if f != "" && slices.Contains(names, to) && !slices.Contains(names, f) && !slices.Contains(from, f) {
			from = append(from, f)
		}
	}
	return from
}
