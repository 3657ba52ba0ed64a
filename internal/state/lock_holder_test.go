package state

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestLockHolderDoesNotRepeatHost(t *testing.T) {
	for _, tc := range []struct {
		who, host, want string
	}{
		{"root@vm", "vm", "root@vm pid 7"},
		{"octocat", "runner-1", "octocat@runner-1 pid 7"},
		{"alice@laptop", "vm", "alice@laptop@vm pid 7"},
	} {
		got := LockInfo{Who: tc.who, Host: tc.host, PID: 7}.Holder()
		if got != tc.want {
			t.Errorf("Holder(%q, %q) = %q, want %q", tc.who, tc.host, got, tc.want)
		}
	}
}

func TestLockTakesOverADeadPlansLock(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		op    string
		stale bool
	}{{"plan", false}, {"apply", true}, {"import", true}} {
		dir := t.TempDir()
		dead := LockInfo{ID: "dead-" + tc.op, Who: "x", Host: "h", PID: 999999999, Operation: tc.op}
		data, _ := json.Marshal(dead)
		if err := os.WriteFile(filepath.Join(dir, LockFile), data, 0o600); err != nil {
			t.Fatal(err)
		}
		h, err := LockDir(ctx, dir, LockInfo{Operation: "apply"}, 0, nil)
		var le *LockedError
		if got := errors.As(err, &le) && le.Stale; got != tc.stale {
			t.Fatalf("%s holder left behind: stale=%v, err=%v", tc.op, got, err)
		}
		if h != nil {
			if info, _ := ReadLockInfo(dir); info == nil || info.ID == dead.ID {
				t.Fatalf("%s: lock info not replaced: %+v", tc.op, info)
			}
			h.Unlock()
		}
	}
}
