package schema

import (
	"encoding/binary"
	"sync"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// A configuration calls the same functions with the same arguments again
// and again: concat(local.shared_hosts, var.teams["a"].hosts) in every
// environment of team a. Every function of Functions() is pure, so the
// calls made through one Functions() map share their results: a call whose
// arguments are all known, unmarked strings, bools and collections of them
// is made once. A call with a sensitive (marked) argument is never
// remembered, so its marks reach the result as before; neither is a call
// of a function that draws on the size budget (functions_guard.go), nor
// try and can, whose arguments are expressions.

const (
	// maxMemoKey is the longest argument list, encoded, that is
	// remembered: large arguments rarely repeat.
	maxMemoKey = 4 << 10
	// maxMemoBytes bounds the keys one Functions() map remembers.
	maxMemoBytes = 8 << 20
)

// memo is the shared results of one Functions() map.
type memo struct {
	results sync.Map // encoded call -> cty.Value
	bytes   atomic.Int64
}

// memoized wraps f, named name, so that its results are shared through m.
func memoized(name string, f function.Function, m *memo) function.Function {
	return wrapped(f, func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		key, ok := memoKey(name, args)
		if !ok {
			return f.Call(args)
		}
		if v, hit := m.results.Load(key); hit {
			return v.(cty.Value), nil
		}
		v, err := f.Call(args)
		if err == nil && m.bytes.Add(int64(len(key))) <= maxMemoBytes {
			m.results.Store(key, v)
		}
		return v, err
	})
}

// wrapped is a function with f's description and parameters, impl as its
// implementation and lazyType(f) as its type: a wrapper whose impl calls f.
func wrapped(f function.Function, impl function.ImplFunc) function.Function {
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        lazyType(f),
		Impl:        impl,
	})
}

// lazyType is the type function of a wrapper around f whose Impl calls f:
// f's result carries its own type, so f's type check (which walks every
// argument, and which f.Call repeats) runs here only where Call returns
// an unknown result without calling Impl: an argument that is unknown or
// whose type is not known yet.
func lazyType(f function.Function) function.TypeFunc {
	return func(args []cty.Value) (cty.Type, error) {
		for _, a := range args {
			if !a.IsKnown() || a.Type() == cty.DynamicPseudoType {
				return f.ReturnTypeForValues(args)
			}
		}
		return cty.DynamicPseudoType, nil
	}
}

// memoKey encodes a call: the function's name, then each argument with
// its type's shape, its length-prefixed strings and its collections'
// lengths, so that two calls have the same key only when their arguments
// are equal values of equal types. ok is false when an argument cannot be
// remembered: unknown, marked, a number (equal numbers may differ in
// precision), a capsule, or a key longer than maxMemoKey.
func memoKey(name string, args []cty.Value) (string, bool) {
	k := keyEncoder{b: make([]byte, 0, 128), ok: true}
	k.b = append(k.b, name...)
	k.b = append(k.b, 0)
	for _, a := range args {
		k.value(a)
	}
	if !k.ok {
		return "", false
	}
	return string(k.b), true
}

type keyEncoder struct {
	b  []byte
	ok bool
}

func (k *keyEncoder) str(s string) {
	k.b = binary.AppendUvarint(k.b, uint64(len(s)))
	k.b = append(k.b, s...)
}

func (k *keyEncoder) value(v cty.Value) {
	if !k.ok || len(k.b) > maxMemoKey || v.IsMarked() || !v.IsKnown() {
		k.ok = false
		return
	}
	ty := v.Type()
	if v.IsNull() {
		k.b = append(k.b, 'n')
		k.str(ty.GoString())
		return
	}
	var tag byte
	switch {
	case ty == cty.String:
		k.b = append(k.b, 's')
		k.str(v.AsString())
		return
	case ty == cty.Bool:
		if v.True() {
			k.b = append(k.b, 't')
		} else {
			k.b = append(k.b, 'f')
		}
		return
	case ty.IsListType():
		tag = 'L'
	case ty.IsSetType():
		tag = 'S'
	case ty.IsTupleType():
		tag = 'T'
	case ty.IsMapType():
		tag = 'M'
	case ty.IsObjectType():
		tag = 'O'
	default:
		k.ok = false
		return
	}
	n := v.LengthInt()
	k.b = append(k.b, tag)
	k.b = binary.AppendUvarint(k.b, uint64(n))
	if n == 0 {
		k.str(ty.GoString()) // list(string) and list(number) differ when empty
		return
	}
	for it := v.ElementIterator(); it.Next() && k.ok; {
		key, ev := it.Element()
		if tag == 'M' || tag == 'O' {
			k.str(key.AsString())
		}
		k.value(ev)
	}
}
