package childproc_test

import (
	"os"
	"testing"

	"terrarium/internal/childproc"
)

func TestQuickRaceExitKeepsOtherOptions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "atexit_sleep_ms=10"},
		{"halt_on_error=1", "halt_on_error=1 atexit_sleep_ms=10"},
		{"log_path=/tmp/r atexit_sleep_ms=1000", "log_path=/tmp/r atexit_sleep_ms=1000"},
		{"atexit_sleep_ms=0", "atexit_sleep_ms=0"},
	} {
		t.Setenv("GORACE", tc.in)
		if err := childproc.QuickRaceExit(); err != nil {
			t.Fatal(err)
		}
		if got := os.Getenv("GORACE"); got != tc.want {
			t.Errorf("GORACE %q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
