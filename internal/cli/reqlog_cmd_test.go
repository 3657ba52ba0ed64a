package cli_test

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"terrarium/internal/emulator"
)

func init() {
	planScriptCmds["reqlog"] = reqlog
}

// reqlog checks the in-process emulator's request log (the JSON lines the
// TERRARIUM_EMULATOR_FAULTS request_log hook writes), so that pacing is
// asserted on what the emulator saw rather than on wall time:
//
//	reqlog FILE count METHOD STATUS N    exactly N requests of METHOD answered STATUS
//	reqlog FILE atleast METHOD STATUS N  at least N
//	reqlog FILE span METHOD MIN MAX      first to last METHOD request took MIN..MAX
func reqlog(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 5 {
		ts.Fatalf("usage: reqlog FILE count|atleast METHOD STATUS N | reqlog FILE span METHOD MIN MAX")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	var entries []emulator.LogEntry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var en emulator.LogEntry
		ts.Check(json.Unmarshal(sc.Bytes(), &en))
		if en.Method == args[2] {
			entries = append(entries, en)
		}
	}
	ts.Check(sc.Err())
	switch args[1] {
	case "count", "atleast":
		status, err := strconv.Atoi(args[3])
		ts.Check(err)
		want, err := strconv.Atoi(args[4])
		ts.Check(err)
		n := 0
		for _, en := range entries {
			if en.Status == status {
				n++
			}
		}
		if args[1] == "count" && n != want || args[1] == "atleast" && n < want {
			ts.Fatalf("%d %s requests answered %d, want %s %d", n, args[2], status, args[1], want)
		}
	case "span":
		lo, err := time.ParseDuration(args[3])
		ts.Check(err)
		hi, err := time.ParseDuration(args[4])
		ts.Check(err)
		if len(entries) < 2 {
			ts.Fatalf("%d %s requests: no span", len(entries), args[2])
		}
		span := entries[len(entries)-1].Time.Sub(entries[0].Time)
		ts.Logf("%d %s requests over %s", len(entries), args[2], span)
		if span < lo || span > hi {
			ts.Fatalf("%s requests spread over %s, want %s to %s", args[2], span, lo, hi)
		}
	default:
		ts.Fatalf("reqlog: unknown check %q", args[1])
	}
}
