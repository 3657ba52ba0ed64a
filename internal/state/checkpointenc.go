package state

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// A checkpoint holds every resource of the stack, and nearly all of its
// bytes are their encodings, while between two checkpoints only the
// resources of the records in between change. Resources are replaced,
// never modified in place (see Replay), so the encoding of a *Resource is
// computed once and kept while it is current. A checkpoint's line is then
// the record encoded without its resources, with the kept encodings spliced
// in where encoding/json would have written them: the same bytes as
// json.Marshal of the whole record (checkpointenc_test.go holds the two
// equal). Its size is known before the line is built, so an attempt that
// Checkpoints refuses (not yet paid for) costs no encoding at all.

// resourcesMark is what the record encodes as in place of its resources:
// the snapshot's "resources" field holding an empty object. No other part
// of a checkpoint record can hold these bytes: inside a JSON string a
// quote is escaped, and no other object of a record has a "resources" key
// whose value is an object.
var resourcesMark = []byte(`"resources":{}`)

// resourceCache holds the encodings of current resources, by pointer.
type resourceCache map[*Resource]encodedResource

// encodedResource is a resource's map key (its address) and value, each
// as encoding/json writes them.
type encodedResource struct {
	address string
	key     []byte
	value   []byte
}

// checkpointLine is a checkpoint record being encoded: the record without
// its resources split where they go, and the resources' encodings in the
// order encoding/json writes a map's keys (sorted bytewise).
type checkpointLine struct {
	head, tail []byte // head ends with `"resources":{`, tail starts with `}`
	entries    []encodedResource
}

// size is the length of the line bytes would return.
func (l *checkpointLine) size() int {
	n := len(l.head) + len(l.tail)
	for i, e := range l.entries {
		if i > 0 {
			n++ // the comma
		}
		n += len(e.key) + 1 + len(e.value)
	}
	return n
}

// bytes builds the line.
func (l *checkpointLine) bytes() []byte {
	out := make([]byte, 0, l.size())
	out = append(out, l.head...)
	for i, e := range l.entries {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, e.key...)
		out = append(out, ':')
		out = append(out, e.value...)
	}
	return append(out, l.tail...)
}

// encodeCheckpoint splits the encoding of rec, a checkpoint whose header
// is filled in (Chain.prepare), around its resources, encoding the
// resources that cache does not hold; it returns the cache of rec's
// resources only, so that replaced versions are dropped. ok is false when
// rec's encoding does not hold resourcesMark exactly once (which should
// not happen), or rec has no resources map (encoded as null): the caller
// then encodes rec with json.Marshal.
func (cache resourceCache) encodeCheckpoint(rec *Record) (line *checkpointLine, next resourceCache, ok bool, err error) {
	if rec.Checkpoint == nil || rec.Checkpoint.Resources == nil {
		return nil, cache, false, nil
	}
	shell := *rec.Checkpoint
	shell.Resources = map[string]*Resource{}
	r := *rec
	r.Checkpoint = &shell
	b, err := json.Marshal(&r)
	if err != nil {
		return nil, cache, false, err
	}
	at := bytes.Index(b, resourcesMark)
	if at < 0 || bytes.Contains(b[at+1:], resourcesMark) {
		return nil, cache, false, nil
	}
	split := at + len(resourcesMark) - 1 // at the closing brace
	line = &checkpointLine{head: b[:split], tail: b[split:]}
	next = make(resourceCache, len(rec.Checkpoint.Resources))
	line.entries = make([]encodedResource, 0, len(rec.Checkpoint.Resources))
	for addr, res := range rec.Checkpoint.Resources {
		e, hit := cache[res]
		if !hit || e.address != addr {
			if e.key, err = json.Marshal(addr); err != nil {
				return nil, cache, false, err
			}
			if e.value, err = json.Marshal(res); err != nil {
				return nil, cache, false, err
			}
			e.address = addr
		}
		next[res] = e
		line.entries = append(line.entries, e)
	}
	slices.SortFunc(line.entries, func(a, b encodedResource) int { return strings.Compare(a.address, b.address) })
	return line, next, true, nil
}
