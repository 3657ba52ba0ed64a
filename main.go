// Command terrarium keeps Managed Agents cloud environments as code.
package main

import (
	"os"

	"terrarium/internal/cli"
	"terrarium/internal/gcstart"
	"terrarium/internal/iostreams"
)

func main() {
	// A command lives for a fraction of a second and builds its syntax
	// trees and values in one go: start with a heap goal of 64 MB rather
	// than the runtime's 4 MB, and keep the heap's doubling under a soft
	// limit of 120 MB (GOGC and GOMEMLIMIT, when set, win).
	gcstart.Adjust(gcstart.DefaultGoal, os.Getenv)
	gcstart.Limit(gcstart.DefaultLimit, os.Getenv)
	os.Exit(cli.Main(os.Args[1:], iostreams.System()))
}
