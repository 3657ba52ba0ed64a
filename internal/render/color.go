package render

import "github.com/fatih/color"

// setColor turns colour on or off for each of cs, whatever fatih/color
// guessed from the process's own stdout: the views write to the streams
// they are given, and the caller knows whether those are terminals.
func setColor(on bool, cs ...*color.Color) {
	for _, c := range cs {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
}
