package state

import (
	"bytes"
	"encoding/json"
)

// fastLight reads an intent's or a successful result's leading fields
// straight from a line in Seal's layout, so the stack history never scans
// the objects those records carry. ok is false when the line is not in
// that layout, or needs a field that comes after the object (a move's
// from, a failure's error): the caller then decodes it.
func fastLight(line []byte, h header) (r lightRecord, ok bool) {
	r.Seq, r.Kind = h.Seq, h.Kind
	rest, ok := afterKey(line, `","time":"`)
	if !ok {
		return r, false
	}
	ts, rest, ok := readString(rest)
	if !ok || r.Time.UnmarshalText(ts) != nil {
		return r, false
	}
	switch h.Kind {
	case KindIntent:
		var id, op, addr []byte
		if rest, ok = bytes.CutPrefix(rest, []byte(`,"kind":"intent","intent":{"id":"`)); !ok {
			return r, false
		}
		if id, rest, ok = readString(rest); !ok {
			return r, false
		}
		if op, rest, ok = readField(rest, `,"op":"`); !ok || Op(op) == OpMove {
			return r, false
		}
		if addr, _, ok = readField(rest, `,"address":"`); !ok {
			return r, false
		}
		r.Intent = &lightIntent{ID: string(id), Op: Op(op), Address: string(addr)}
		return r, true
	case KindResult:
		var id []byte
		if rest, ok = bytes.CutPrefix(rest, []byte(`,"kind":"result","result":{"intent_id":"`)); !ok {
			return r, false
		}
		if id, rest, ok = readString(rest); !ok {
			return r, false
		}
		// op and address (optional) come before ok; a failure needs the
		// error after the object, so only "ok":true takes this path, and
		// only when not settled (a settled landing has its own status).
		i := bytes.Index(rest, []byte(`,"ok":`))
		if i < 0 || !bytes.HasPrefix(rest[i:], []byte(`,"ok":true`)) || bytes.IndexByte(rest[:i], '{') >= 0 || bytes.Contains(rest[:i], []byte(`"settled":true`)) {
			return r, false
		}
		r.Result = &lightResult{IntentID: string(id), OK: true}
		return r, true
	}
	return r, false
}

func afterKey(line []byte, key string) ([]byte, bool) {
	i := bytes.Index(line, []byte(key))
	if i < 0 {
		return nil, false
	}
	return line[i+len(key):], true
}

// readField expects key (ending in an opening quote) and reads the string.
func readField(b []byte, key string) (val, rest []byte, ok bool) {
	if b, ok = bytes.CutPrefix(b, []byte(key)); !ok {
		return nil, nil, false
	}
	return readString(b)
}

// readString reads a JSON string whose opening quote is already consumed.
func readString(b []byte) (val, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '"')
	if i < 0 {
		return nil, nil, false
	}
	if bytes.IndexByte(b[:i], '\\') < 0 {
		return b[:i], b[i+1:], true
	}
	// Escapes: find the real closing quote and let encoding/json unquote.
	for j := 0; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			var s string
			if json.Unmarshal(append([]byte{'"'}, b[:j+1]...), &s) != nil {
				return nil, nil, false
			}
			return []byte(s), b[j+1:], true
		}
	}
	return nil, nil, false
}
