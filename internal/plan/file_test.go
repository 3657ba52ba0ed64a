package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"terrarium/schema"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	old := liveOf("env_1", cfgEnv("web", withDesc("old")))
	p := mustPlan(t, config(cfgEnv("web", withDesc("new"), withLimited(false, true, "https://a.example"))), []schema.LiveEnv{old}, nil, Options{})
	path := filepath.Join(t.TempDir(), "x.tfplan")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("plan file mode %v, %v", fi.Mode(), err)
	}
	q, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q.Changes[0].After, p.Changes[0].After) || q.Changes[0].Fingerprint != Fingerprint(q.Changes[0].Before) {
		t.Fatalf("round trip changed the plan:\n%+v\n%+v", p.Changes[0], q.Changes[0])
	}
	a, _ := Marshal(p)
	b, _ := Marshal(q)
	if string(a) != string(b) {
		t.Fatalf("re-encoding differs:\n%s\n%s", a, b)
	}
	// Save writes through a link only to a file IsPlanFile knows
	if !IsPlanFile(a[:min(len(a), 4096)]) || IsPlanFile([]byte(`{"format_version": 1, "findings": []}`)) || IsPlanFile([]byte("#!/bin/sh\n")) {
		t.Error("IsPlanFile does not tell a plan file")
	}
}

func TestSaveWritesAtomicallyWithMode0600(t *testing.T) {
	p := mustPlan(t, config(cfgEnv("web")), nil, nil, Options{})
	dir := t.TempDir()
	path := filepath.Join(dir, "x.tfplan")
	// An older plan readable by others is replaced by an owner-only one.
	old, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("plan file mode %v, want 0600", fi.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("directory holds %d entries, want only the plan (no temporary file left)", len(ents))
	}
	// Through a symbolic link: the link stays, its target holds the plan.
	link := filepath.Join(dir, "current.tfplan")
	if err := os.Symlink("x.tfplan", link); err != nil {
		t.Fatal(err)
	}
	if err := Save(link, p); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
}

func TestLoadRefusesFutureVersion(t *testing.T) {
	_, err := Unmarshal([]byte(`{"format_version": 99}`))
	if err == nil || !strings.Contains(err.Error(), "newer than this terrarium") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Unmarshal([]byte(`{}`)); err == nil {
		t.Fatal("a file without format_version must be refused")
	}
}

func TestFingerprintIgnoresOrder(t *testing.T) {
	a := liveOf("env_1", cfgEnv("web", withLimited(false, false, "https://a.example", "https://b.example")))
	b := liveOf("env_1", cfgEnv("web", withLimited(false, false, "https://b.example", "https://a.example")))
	if Fingerprint(&a) != Fingerprint(&b) {
		t.Fatal("host order changed the fingerprint")
	}
	b.Config.Networking.AllowMCPServers = true
	if Fingerprint(&a) == Fingerprint(&b) {
		t.Fatal("a change did not change the fingerprint")
	}
}
