// Command terrarium keeps Managed Agents cloud environments as code.
package main

import (
	"os"

	"terrarium/internal/cli"
	"terrarium/internal/iostreams"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], iostreams.System()))
}
