//go:build race

package cli_test

// raceEnabled lets slow suites run a shorter form under the race detector.
const raceEnabled = true
