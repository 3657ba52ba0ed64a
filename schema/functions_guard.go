package schema

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// The functions below can return values far larger than their arguments
// (replace with an empty needle, setproduct, indent, join with a long
// separator, format widths), so each is wrapped with an estimate of its
// result's size that refuses to run past MaxValueSize. Functions whose
// result is no larger than their arguments need no guard: the evaluator
// already bounds the arguments.
//
// One call is bounded by MaxValueSize, and the calls made through one
// Functions() map (one Load, one policy file) by MaxTotalValueSize
// together: a for expression may call format 1024 times, each result just
// under the bound, and only the sum says that it asks for a gigabyte.
var guards = map[string]func(args []cty.Value) int{
	"replace":    replaceSize,
	"setproduct": setproductSize,
	"indent":     indentSize,
	"join":       joinSize,
	"format":     formatSize,
	"formatlist": formatlistSize,
}

// withGuards returns a copy of fns with the growing functions guarded,
// all of them drawing on one budget of MaxTotalValueSize bytes, and the
// others sharing their results (functions_memo.go).
func withGuards(fns map[string]function.Function) map[string]function.Function {
	out := make(map[string]function.Function, len(fns))
	for name, f := range fns {
		out[name] = f
	}
	m := new(memo)
	for name, f := range fns {
		if guards[name] == nil && name != "try" && name != "can" {
			out[name] = memoized(name, f, m)
		}
	}
	budget := new(atomic.Int64)
	budget.Store(MaxTotalValueSize)
	for name, est := range guards {
		out[name] = guarded(name, fns[name], est, budget)
	}
	return out
}

// guarded wraps f so that it fails instead of building a result whose
// estimated size exceeds MaxValueSize, or what is left of budget.
func guarded(name string, f function.Function, estimate func([]cty.Value) int, budget *atomic.Int64) function.Function {
	return wrapped(f, func(args []cty.Value, rt cty.Type) (cty.Value, error) {
		plain := make([]cty.Value, len(args))
		for i, a := range args {
			var known bool
			if plain[i], known = usable(a); !known || plain[i].IsNull() {
				return f.Call(args)
			}
		}
		n := estimate(plain)
		if n > MaxValueSize {
			return cty.UnknownVal(rt), fmt.Errorf("the result of %s would be about %d bytes, over terrarium's limit of %d MiB for one value", name, n, MaxValueSize>>20)
		}
		if budget.Add(-int64(n)) < 0 {
			return cty.UnknownVal(rt), fmt.Errorf("the results of %s and the other functions that build large values would exceed terrarium's limit of %d MiB for one configuration together", name, MaxTotalValueSize>>20)
		}
		return f.Call(args)
	})
}

func strLen(v cty.Value) int {
	if v.Type() != cty.String {
		return valueSize(v, MaxValueSize)
	}
	return len(v.AsString())
}

func collLen(v cty.Value) int {
	if !v.CanIterateElements() {
		return 1
	}
	return v.LengthInt()
}

// replaceSize bounds replace(str, substr, replacement): every possible match
// (one per byte for an empty needle) grows the string by the replacement.
func replaceSize(args []cty.Value) int {
	if len(args) != 3 {
		return 0
	}
	s, sub, rep := strLen(args[0]), strLen(args[1]), strLen(args[2])
	matches := s/max(sub, 1) + 1
	return s + satMul(matches, rep)
}

// setproductSize is the number of elements of the product times its width.
func setproductSize(args []cty.Value) int {
	n := 1
	for _, a := range args {
		n = satMul(n, collLen(a))
	}
	return satMul(n, 8*(len(args)+1))
}

// indentSize bounds indent(spaces, str): spaces on every line.
func indentSize(args []cty.Value) int {
	if len(args) != 2 || args[0].Type() != cty.Number {
		return 0
	}
	spaces, _ := args[0].AsBigFloat().Int64()
	if spaces < 0 || spaces > MaxValueSize {
		spaces = MaxValueSize + 1
	}
	s := strLen(args[1])
	return s + satMul(int(spaces), s+1)
}

// joinSize bounds join(sep, lists...): the separator between every element.
func joinSize(args []cty.Value) int {
	if len(args) < 1 {
		return 0
	}
	n, size := 0, 0
	for _, l := range args[1:] {
		n += collLen(l)
		size += valueSize(l, MaxValueSize)
	}
	return size + satMul(n, strLen(args[0]))
}

// formatWidth is the largest width or precision any verb of f asks for:
// the digits after each "%" and its flags (-+ #0), and after a "." that
// follows them; a number too long for an int counts as over MaxValueSize.
func formatWidth(f cty.Value) int {
	if f.Type() != cty.String {
		return 0
	}
	s, w := f.AsString(), 0
	digits := func(i int) (int, int) { // the number at s[i:] and where it ends
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			return 0, j
		}
		n, err := strconv.Atoi(s[i:j])
		if err != nil {
			n = MaxValueSize + 1
		}
		return n, j
	}
	for i := 0; i < len(s); {
		if s[i] != '%' {
			i++
			continue
		}
		i++
		for i < len(s) && strings.IndexByte("-+ #0", s[i]) >= 0 {
			i++
		}
		n, end := digits(i)
		w, i = max(w, n), end
		if i < len(s) && s[i] == '.' {
			n, end = digits(i + 1)
			w, i = max(w, n), end
		}
	}
	return w
}

// formatSize bounds format(f, args...): every argument padded to the widest
// verb.
func formatSize(args []cty.Value) int {
	if len(args) < 1 {
		return 0
	}
	size := strLen(args[0])
	w := formatWidth(args[0])
	for _, a := range args[1:] {
		size += valueSize(a, MaxValueSize) + w
	}
	return size
}

// formatlistSize is formatSize once per element of the longest list.
func formatlistSize(args []cty.Value) int {
	if len(args) < 1 {
		return 0
	}
	n := 1
	for _, a := range args[1:] {
		if t := a.Type(); t.IsListType() || t.IsTupleType() || t.IsSetType() {
			n = max(n, collLen(a))
		}
	}
	return satMul(n, formatSize(args))
}
