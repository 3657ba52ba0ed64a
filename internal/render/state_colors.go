package render

import (
	"github.com/fatih/color"

	"terrarium/internal/render/escape"
)

// stateColors colours the state and history views, git-style: yellow
// headers, green additions, red removals. Off means plain text.
type stateColors struct {
	on                         bool
	header, add, del, dim, bad *color.Color
}

func newStateColors(on bool) stateColors {
	c := stateColors{on: on,
		header: color.New(color.FgYellow), add: color.New(color.FgGreen),
		del: color.New(color.FgRed), dim: color.New(color.Faint), bad: color.New(color.FgRed, color.Bold)}
	setColor(on, c.header, c.add, c.del, c.dim, c.bad)
	return c
}

// paint colours text already escaped for a terminal.
func (c stateColors) paint(x *color.Color, s escape.Safe) escape.Safe {
	if !c.on {
		return s
	}
	return escape.Safe(x.Sprint(string(s)))
}
