package schema

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Two calls share a result only when their arguments are equal values of
// equal types.
func TestMemoKeyDistinguishes(t *testing.T) {
	s := cty.StringVal
	args := [][]cty.Value{
		{s("ab"), s("c")},
		{s("a"), s("bc")},
		{cty.ListVal([]cty.Value{s("a")})},
		{cty.TupleVal([]cty.Value{s("a")})},
		{cty.SetVal([]cty.Value{s("a")})},
		{cty.ListValEmpty(cty.String)},
		{cty.ListValEmpty(cty.Bool)},
		{cty.EmptyTupleVal},
		{cty.MapVal(map[string]cty.Value{"a": s("b")})},
		{cty.ObjectVal(map[string]cty.Value{"a": s("b")})},
		{cty.ObjectVal(map[string]cty.Value{"ab": s("")})},
		{cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.String)})},
		{cty.ObjectVal(map[string]cty.Value{"a": cty.NullVal(cty.List(cty.String))})},
		{cty.True},
		{cty.False},
		{},
	}
	seen := map[string]int{}
	for i, a := range args {
		key, ok := memoKey("f", a)
		if !ok {
			t.Fatalf("args %d (%#v) not remembered", i, a)
		}
		if j, dup := seen[key]; dup {
			t.Errorf("args %d (%#v) and %d (%#v) share a key", i, a, j, args[j])
		}
		seen[key] = i
	}
	if k1, _ := memoKey("lower", []cty.Value{s("A")}); k1 == func() string { k, _ := memoKey("upper", []cty.Value{s("A")}); return k }() {
		t.Error("two functions share a key")
	}
}

// Marked (sensitive), unknown and numeric arguments are never remembered.
func TestMemoKeyRefuses(t *testing.T) {
	for _, a := range []cty.Value{
		cty.StringVal("secret").Mark(SensitiveMark),
		cty.ListVal([]cty.Value{cty.StringVal("x"), cty.StringVal("secret").Mark(SensitiveMark)}),
		cty.UnknownVal(cty.String),
		cty.DynamicVal,
		cty.ListVal([]cty.Value{cty.UnknownVal(cty.String)}),
		cty.NumberIntVal(1),
		cty.TupleVal([]cty.Value{cty.NumberIntVal(1)}),
	} {
		if _, ok := memoKey("f", []cty.Value{cty.StringVal("a"), a}); ok {
			t.Errorf("%#v is remembered", a)
		}
	}
}

// A remembered call gives the same value as a fresh one, and a call with a
// sensitive argument keeps its mark even after the same call unmarked.
func TestMemoizedCallsKeepMarks(t *testing.T) {
	fns := Functions()
	hosts := cty.ListVal([]cty.Value{cty.StringVal("https://a.example")})
	secret := cty.ListVal([]cty.Value{cty.StringVal("https://a.example")}).Mark(SensitiveMark)
	ctx := &hcl.EvalContext{Functions: fns, Variables: map[string]cty.Value{
		"var": cty.ObjectVal(map[string]cty.Value{"h": hosts, "s": secret}),
	}}
	eval := func(src string) cty.Value {
		t.Helper()
		expr, diags := hclsyntax.ParseExpression([]byte(src), "t.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		v, diags := expr.Value(ctx)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return v
	}
	first := eval(`distinct(concat(var.h, ["https://b.example"]))`)
	again := eval(`distinct(concat(var.h, ["https://b.example"]))`)
	if !first.RawEquals(again) || first.LengthInt() != 2 {
		t.Errorf("remembered call: %#v, first call %#v", again, first)
	}
	marked := eval(`distinct(concat(var.s, ["https://b.example"]))`)
	if !marked.IsMarked() && !marked.ContainsMarked() {
		t.Errorf("the call on a sensitive list lost its mark: %#v", marked)
	}
	if again := eval(`distinct(concat(var.h, ["https://b.example"]))`); again.IsMarked() || again.ContainsMarked() {
		t.Errorf("the unmarked call took the mark of the sensitive one: %#v", again)
	}
}

// A call repeated with equal arguments runs once; with a sensitive
// argument it runs every time.
func TestMemoizedCallsOnce(t *testing.T) {
	calls := 0
	f := function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String, AllowMarked: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			calls++
			return args[0], nil
		},
	})
	m := memoized("echo", f, new(memo))
	for _, a := range []cty.Value{cty.StringVal("a"), cty.StringVal("a"), cty.StringVal("b"), cty.StringVal("a")} {
		if v, err := m.Call([]cty.Value{a}); err != nil || !v.RawEquals(a) {
			t.Fatalf("echo(%#v) = %#v, %v", a, v, err)
		}
	}
	if calls != 2 {
		t.Errorf("4 calls with 2 distinct arguments ran %d times, want 2", calls)
	}
	calls = 0
	secret := cty.StringVal("a").Mark(SensitiveMark)
	for range 2 {
		if v, _ := m.Call([]cty.Value{secret}); !v.IsMarked() {
			t.Errorf("echo(sensitive) = %#v, unmarked", v)
		}
	}
	if calls != 2 {
		t.Errorf("2 calls with a sensitive argument ran %d times, want 2", calls)
	}
}
