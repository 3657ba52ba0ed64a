package escape

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// NewJSONEncoder returns a json.Encoder writing to w whose output also has
// DEL, the C1 controls and the hidden formatting characters written as \u
// escapes: encoding/json escapes only the C0 controls, and a terminal that
// shows the document would act on the others. The document is the same
// JSON value. Each Encode must be one Write (as json.Encoder does).
func NewJSONEncoder(w io.Writer) *json.Encoder {
	return json.NewEncoder(jsonWriter{w})
}

type jsonWriter struct{ w io.Writer }

func (j jsonWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(j.w, JSON(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// JSON rewrites encoded JSON so that DEL, the C1 controls and the hidden
// formatting characters appear as \u escapes. Outside strings JSON holds
// only ASCII, so every such character is inside a string, where the
// escape means the same character.
func JSON(doc string) string {
	if !strings.ContainsFunc(doc, func(r rune) bool { return r == 0x7F || (r >= 0x80 && r <= 0x9F) || Hidden(r) }) {
		return doc
	}
	var b strings.Builder
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRuneInString(doc[i:])
		if r != utf8.RuneError && (r == 0x7F || (r >= 0x80 && r <= 0x9F) || Hidden(r)) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteString(doc[i : i+n])
		}
		i += n
	}
	return b.String()
}
