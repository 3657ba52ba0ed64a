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

// NewXMLWriter returns a writer for an encoding/xml encoder whose output
// also has DEL, the C1 controls and the hidden formatting characters
// written as character references: encoding/xml leaves them raw (it
// replaces only the characters XML forbids). Every such character is in
// text or an attribute value, where the reference means the same.
func NewXMLWriter(w io.Writer) io.Writer { return xmlWriter{w} }

type xmlWriter struct{ w io.Writer }

func (x xmlWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(x.w, reencode(string(p), "&#x%x;")); err != nil {
		return 0, err
	}
	return len(p), nil
}

// JSON rewrites encoded JSON so that DEL, the C1 controls and the hidden
// formatting characters appear as \u escapes. Outside strings JSON holds
// only ASCII, so every such character is inside a string, where the
// escape means the same character.
func JSON(doc string) string { return reencode(doc, `\u%04x`) }

// reencode writes each DEL, C1 control and hidden formatting character of
// doc with format.
func reencode(doc, format string) string {
	hide := func(r rune) bool { return r == 0x7F || (r >= 0x80 && r <= 0x9F) || Hidden(r) }
	if !strings.ContainsFunc(doc, hide) {
		return doc
	}
	var b strings.Builder
	for i := 0; i < len(doc); {
		r, n := utf8.DecodeRuneInString(doc[i:])
		if r != utf8.RuneError && hide(r) {
			fmt.Fprintf(&b, format, r)
		} else {
			b.WriteString(doc[i : i+n])
		}
		i += n
	}
	return b.String()
}
