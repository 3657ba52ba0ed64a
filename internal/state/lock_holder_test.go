package state

import "testing"

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
