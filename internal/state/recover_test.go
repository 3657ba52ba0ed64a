package state_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"terrarium/internal/state"
	"terrarium/internal/state/statetest"
)

// logBytes returns the fixture log and the offset where its last record
// starts.
func logBytes(t *testing.T) ([]byte, int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir(t), state.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	return data, bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
}

// checkRecovered opens a damaged log, expects a warning, exactly the good
// records, the bad bytes in .broken, and a working append after it.
func checkRecovered(t *testing.T, damaged []byte, good []byte, wantSeq int64) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), ".terrarium")
	os.MkdirAll(dir, 0o700)
	if err := os.WriteFile(filepath.Join(dir, state.LogFile), damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer l.Close()
	if got := l.Head().Seq; got != wantSeq {
		t.Fatalf("recovered to seq %d, want %d", got, wantSeq)
	}
	if len(damaged) != len(good) {
		if w := l.Warnings(); len(w) != 1 || w[0].Severity != hcl.DiagWarning || !strings.Contains(w[0].Summary, "torn write") ||
			!strings.Contains(w[0].Detail, l.Path()) {
			t.Fatalf("warnings %v", w)
		}
		broken, err := os.ReadFile(filepath.Join(dir, state.BrokenFile))
		if err != nil || !bytes.Equal(broken, damaged[len(good):]) {
			t.Fatalf("broken file %q (%v)", broken, err)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, state.LogFile))
	if !bytes.Equal(data, good) {
		t.Fatalf("log not truncated to the good records")
	}
	rec := state.Record{Kind: state.KindForget, Env: &state.EnvRecord{Address: statetest.PythonDev}}
	if err := l.Append(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	if rep, err := state.Verify(context.Background(), filepath.Join(dir, state.LogFile)); err != nil || rep.Bad != nil {
		t.Fatalf("verify after recovery: %+v %v", rep, err)
	}
}

func TestTornTailEveryOffset(t *testing.T) {
	data, last := logBytes(t)
	lastSeq := int64(bytes.Count(data, []byte("\n")))
	checkRecovered(t, data, data, lastSeq)
	// Every cut inside the last record. A cut costs a few fsyncs and
	// little CPU, so shards of the offsets run side by side.
	const shards = 8
	for s := range shards {
		t.Run(fmt.Sprintf("offsets=%d_mod_%d", s, shards), func(t *testing.T) {
			t.Parallel()
			for cut := last + s; cut < len(data); cut += shards {
				checkRecovered(t, data[:cut], data[:last], lastSeq-1)
			}
		})
	}
}

func TestZeroedLastSector(t *testing.T) {
	data, _ := logBytes(t)
	damaged := bytes.Clone(data)
	clear(damaged[len(damaged)-512:])
	good := damaged[:bytes.LastIndexByte(damaged, '\n')+1]
	checkRecovered(t, damaged, data[:len(good)], int64(bytes.Count(good, []byte("\n"))))
}

func TestBadHashOnLastRecordIsTorn(t *testing.T) {
	data, last := logBytes(t)
	damaged := bytes.Clone(data)
	i := last + bytes.Index(data[last:], []byte(`"prev":"`)) + len(`"prev":"`)
	damaged[i] ^= 1 // still valid JSON, wrong hash
	checkRecovered(t, damaged, data[:last], int64(bytes.Count(data, []byte("\n")))-1)
}

func TestCorruptionBeforeTailRefused(t *testing.T) {
	data, _ := logBytes(t)
	damaged := bytes.Clone(data)
	// Break the JSON of record 3; the records after it are intact.
	off := 0
	for range 2 {
		off += bytes.IndexByte(damaged[off:], '\n') + 1
	}
	damaged[off] = 'X'
	dir := filepath.Join(t.TempDir(), ".terrarium")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, state.LogFile), damaged, 0o600)
	_, err := state.Open(dir, state.Options{CheckpointEvery: -1})
	if err == nil || !strings.Contains(err.Error(), "record 3") || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("err = %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, state.LogFile))
	if !bytes.Equal(after, damaged) {
		t.Fatalf("a refused log was changed")
	}
}

// A torn-looking tail while another process holds the lock may be that
// process's write in flight: Open reads the good records and leaves the
// file alone.
func TestTornTailNotRecoveredWhileLocked(t *testing.T) {
	data, last := logBytes(t)
	dir := filepath.Join(t.TempDir(), ".terrarium")
	os.MkdirAll(dir, 0o700)
	damaged := data[:last+30]
	os.WriteFile(filepath.Join(dir, state.LogFile), damaged, 0o600)
	h, err := state.LockDir(context.Background(), dir, state.LockInfo{Operation: "apply"}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Unlock()
	l, err := state.Open(dir, state.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if w := l.Warnings(); len(w) != 1 || !strings.Contains(w[0].Detail, "another process holds the lock") {
		t.Errorf("warnings %v", w)
	}
	if got := l.Head().Seq; got != int64(bytes.Count(data, []byte("\n")))-1 {
		t.Errorf("loaded to %d", got)
	}
	after, _ := os.ReadFile(filepath.Join(dir, state.LogFile))
	if !bytes.Equal(after, damaged) {
		t.Error("the file was changed while another process held the lock")
	}
	if h.Info().Version == "" {
		t.Error("lock info has no version")
	}
}
