package state

import "bytes"

// finder searches a log for a short needle by its rarest byte: bytes.Index
// starts from the needle's first byte, and a needle that starts with a
// quote ("environment.x") matches every few bytes of JSON, which drops it
// to a byte-by-byte scan. IndexByte on a rare byte skips ahead in vectors.
type finder struct {
	needle []byte
	k      int // index in needle of the byte searched for
}

func newFinder(needle []byte) finder {
	f := finder{needle: needle}
	for i, c := range needle {
		if byteWeight(c) < byteWeight(needle[f.k]) {
			f.k = i
		}
	}
	return f
}

// byteWeight guesses how often c occurs in a log line: JSON punctuation,
// hex digits (the prev hash) and common letters are frequent.
func byteWeight(c byte) int {
	switch {
	case c == '"' || c == ',' || c == ':':
		return 100
	case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		return 60
	case bytes.IndexByte([]byte("tonisrlmpu"), c) >= 0:
		return 40
	case c == '_' || c == '.' || c == '-' || c == '{' || c == '}':
		return 25
	case bytes.IndexByte([]byte("hgkvwy"), c) >= 0:
		return 15
	case c >= 'a' && c <= 'z':
		return 8
	}
	return 3 // upper case, brackets, the rest
}

// index returns the first match at or after from, or -1.
func (f finder) index(data []byte, from int) int {
	c, n := f.needle[f.k], len(f.needle)
	for i := from + f.k; i < len(data); i++ {
		j := bytes.IndexByte(data[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if s := i - f.k; s+n <= len(data) && bytes.Equal(data[s:s+n], f.needle) {
			return s
		}
	}
	return -1
}
