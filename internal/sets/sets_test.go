package sets

import (
	"slices"
	"testing"
)

func TestDelta(t *testing.T) {
	cases := []struct {
		a, b           []string
		added, removed []string
	}{
		{nil, nil, nil, nil},
		{[]string{"b", "a", "a"}, []string{"a", "b"}, nil, nil},
		{[]string{"a", "c"}, []string{"c", "b", "b", "d"}, []string{"b", "d"}, []string{"a"}},
		{[]string{"x"}, nil, nil, []string{"x"}},
	}
	for _, c := range cases {
		added, removed := Delta(Of(c.a), Of(c.b))
		if !slices.Equal(added, c.added) || !slices.Equal(removed, c.removed) {
			t.Errorf("Delta(Of(%q), Of(%q)) = %q, %q; want %q, %q", c.a, c.b, added, removed, c.added, c.removed)
		}
	}
}

func TestOfNeverNil(t *testing.T) {
	if got := Of(nil); got == nil || len(got) != 0 {
		t.Errorf("Of(nil) = %#v, want an empty non-nil slice", got)
	}
	in := []string{"b", "a"}
	_ = Of(in)
	if in[0] != "b" {
		t.Error("Of sorted its argument in place")
	}
}
