package emulator

import (
	"encoding/json"
	"slices"
)

// record is one stored environment, with its creation sequence (the list
// order and the cursor's key) and its rendered JSON, cached so that a list
// page costs O(page size) copies and no marshalling.
type record struct {
	Seq   uint64      `json:"seq"`
	InUse bool        `json:"in_use,omitempty"`
	Env   Environment `json:"environment"`
	raw   []byte
}

func (r *record) render() {
	b, err := json.Marshal(r.Env)
	if err != nil {
		panic("emulator: cannot render environment: " + err.Error()) // our bug
	}
	r.raw = b
}

// store holds the environments. all and active are sorted by Seq; active
// leaves out archived environments, so either list view is a binary search
// plus a slice. The caller (Emulator) holds the lock.
type store struct {
	byID    map[string]*record
	all     []*record
	active  []*record
	names   map[string]*record // holders of a name that blocks reuse
	nextSeq uint64
	// archivedNamesFree lets a new environment take an archived one's name.
	archivedNamesFree bool
}

func newStore(archivedNamesFree bool) *store {
	return &store{byID: map[string]*record{}, names: map[string]*record{}, nextSeq: 1, archivedNamesFree: archivedNamesFree}
}

// nameTaken reports whether name blocks an environment other than selfID.
func (s *store) nameTaken(name, selfID string) bool {
	r, ok := s.names[name]
	return ok && r.Env.ID != selfID
}

// insert adds a new environment (seq 0 means: assign the next one).
// find returns the environment with id, or the API's not-found fault.
func (s *store) find(id string) (*record, *Fault) {
	if r, ok := s.byID[id]; ok {
		return r, nil
	}
	return nil, notFound(id)
}

func (s *store) insert(r *record) {
	if r.Seq == 0 {
		r.Seq = s.nextSeq
	}
	if r.Seq >= s.nextSeq {
		s.nextSeq = r.Seq + 1
	}
	r.render()
	s.byID[r.Env.ID] = r
	s.all = insertSorted(s.all, r)
	if r.Env.ArchivedAt == nil {
		s.active = insertSorted(s.active, r)
	}
	if r.Env.ArchivedAt == nil || !s.archivedNamesFree {
		s.names[r.Env.Name] = r
	}
}

// replace stores a changed environment in place of its old value.
func (s *store) replace(r *record, env Environment) {
	if s.names[r.Env.Name] == r {
		delete(s.names, r.Env.Name)
	}
	wasActive := r.Env.ArchivedAt == nil
	r.Env = env
	r.render()
	if wasActive && env.ArchivedAt != nil {
		s.active = removeSorted(s.active, r)
	}
	if env.ArchivedAt == nil || !s.archivedNamesFree {
		s.names[env.Name] = r
	}
}

func (s *store) remove(r *record) {
	delete(s.byID, r.Env.ID)
	if s.names[r.Env.Name] == r {
		delete(s.names, r.Env.Name)
	}
	s.all = removeSorted(s.all, r)
	if r.Env.ArchivedAt == nil {
		s.active = removeSorted(s.active, r)
	}
}

// page returns up to limit records after the cursor key (0: from the start)
// and whether more follow.
func (s *store) page(after uint64, limit int, archived bool) ([]*record, bool) {
	list := s.active
	if archived {
		list = s.all
	}
	i, _ := slices.BinarySearchFunc(list, after+1, func(r *record, seq uint64) int {
		return cmpSeq(r.Seq, seq)
	})
	end := min(i+limit, len(list))
	return list[i:end], end < len(list)
}

func cmpSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func insertSorted(list []*record, r *record) []*record {
	if n := len(list); n == 0 || list[n-1].Seq < r.Seq {
		return append(list, r) // the usual case: a new environment
	}
	i, _ := slices.BinarySearchFunc(list, r.Seq, func(x *record, seq uint64) int { return cmpSeq(x.Seq, seq) })
	return slices.Insert(list, i, r)
}

func removeSorted(list []*record, r *record) []*record {
	i, ok := slices.BinarySearchFunc(list, r.Seq, func(x *record, seq uint64) int { return cmpSeq(x.Seq, seq) })
	if !ok {
		return list
	}
	return slices.Delete(list, i, i+1)
}
