// Package childproc prepares a test binary's environment for the child
// processes its tests start (the test binary re-executed as terrarium, a
// lock holder, a worker), for tests only.
package childproc

import (
	"os"
	"strings"
)

// exitSleep is the race runtime option that makes every process built with
// -race sleep before it exits (1000 ms unless set; ThreadSanitizer's
// atexit_sleep_ms, documented at https://go.dev/doc/articles/race_detector
// under "Options").
const exitSleep = "atexit_sleep_ms"

// QuickRaceExit sets GORACE in this process's environment so that the
// children it starts, which inherit it, exit within 10 ms instead of one
// second when built with -race. A test suite that starts its binary a
// thousand times otherwise spends most of its time asleep. Race detection
// is unchanged: a child still waits for pending race reports and exits 66
// after one. A GORACE that already sets atexit_sleep_ms is left alone, so
// a developer can ask for the full sleep; its other options are kept.
// Without -race the variable is read by nothing. It returns the error of
// os.Setenv.
func QuickRaceExit() error {
	cur := os.Getenv("GORACE")
	for _, opt := range strings.Fields(cur) {
		if k, _, _ := strings.Cut(opt, "="); k == exitSleep {
			return nil
		}
	}
	return os.Setenv("GORACE", strings.TrimSpace(cur+" "+exitSleep+"=10"))
}
