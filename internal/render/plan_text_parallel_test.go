package render

import (
	"fmt"
	"testing"

	"terrarium/internal/plan/plantest"
)

// TestChangeBlocksInRunsEqualsInTurn: the change blocks of a large plan,
// rendered in parallel runs and joined, are the text of rendering them one
// after another, whatever the number of runs, in color or not.
func TestChangeBlocksInRunsEqualsInTurn(t *testing.T) {
	p := createsPlan(700, func(i int) plantest.EnvOpt {
		return plantest.Limited(i%2 == 0, i%3 == 0, fmt.Sprintf("https://h%d.example", i))
	})
	if len(p.Changes) < parallelChanges {
		t.Fatalf("%d changes: too few to render in parallel", len(p.Changes))
	}
	for _, colorOn := range []bool{false, true} {
		serial := &planText{pal: newPalette(colorOn)}
		serial.changeBlocks(p.Changes, 1)
		for _, n := range []int{2, 3, 7} {
			runs := &planText{pal: newPalette(colorOn)}
			runs.changeBlocks(p.Changes, n)
			if runs.sb.String() != serial.sb.String() {
				t.Errorf("color %v, %d runs: the text differs from rendering in turn", colorOn, n)
			}
		}
	}
}
