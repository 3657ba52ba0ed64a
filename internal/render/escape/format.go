package escape

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Code is a string that a markdown view shows as inline code (MDCode);
// terminal views treat it as any other string.
type Code string

// Term formats for a terminal as fmt.Sprintf does, with every argument
// that is not Safe formatted with its verb and then escaped with Line. The
// format string is terrarium's own.
func Term(format string, args ...any) Safe {
	return Safe(fmt.Sprintf(format, wrap(args, Line, Line, true)...))
}

// Fterm writes Term(format, args...) to w.
func Fterm(w io.Writer, format string, args ...any) (int, error) {
	return io.WriteString(w, string(Term(format, args...)))
}

// MD formats markdown as fmt.Sprintf does: Safe arguments are written as
// is, Code arguments as MDCode, and every other argument is formatted with
// its verb and escaped with MDText. The format string is terrarium's own.
func MD(format string, args ...any) Safe {
	return Safe(fmt.Sprintf(format, wrap(args, MDText, MDCode, false)...))
}

// wrap prepares args for fmt: Safe as is, Code escaped with code, others
// formatted with their verb and escaped with esc. With lineClean (esc is
// Line), a plain string that Line leaves as it is also goes as is: any verb,
// width or flag formats it into text Line leaves as it is too (%q only adds
// quotes and backslashes), so escaping after formatting would change
// nothing, and costs a second fmt pass per argument.
func wrap(args []any, esc, code func(string) string, lineClean bool) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case Safe:
			out[i] = string(v)
		case string:
			if lineClean && clean(v, false) {
				out[i] = v
			} else {
				out[i] = escapedArg(a, esc)
			}
		case Code:
			out[i] = escaped{string(v), code}
		default:
			out[i] = escapedArg(a, esc)
		}
	}
	return out
}

// escapedArg wraps a for escaping, unless it is a number or a bool (which
// a "*" width or precision must see as such, and which print no text).
func escapedArg(a any, esc func(string) string) any {
	if _, ok := a.(fmt.Stringer); ok {
		return escaped{a, esc}
	}
	switch reflect.ValueOf(a).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return a
	}
	return escaped{a, esc}
}

// escaped formats its value with the verb it is given, then escapes the
// result.
type escaped struct {
	v   any
	esc func(string) string
}

// Format pads to the width after escaping, so columns line up on what
// the reader sees.
func (e escaped) Format(f fmt.State, verb rune) {
	spec := "%"
	for _, flag := range "+#0 " {
		if f.Flag(int(flag)) {
			spec += string(flag)
		}
	}
	if p, ok := f.Precision(); ok {
		spec += "." + strconv.Itoa(p)
	}
	s := e.esc(fmt.Sprintf(spec+string(verb), e.v))
	pad := ""
	if w, ok := f.Width(); ok {
		pad = strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s)))
	}
	if f.Flag('-') {
		s += pad
	} else {
		s = pad + s
	}
	io.WriteString(f, s)
}
