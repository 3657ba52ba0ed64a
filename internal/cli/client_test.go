package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"terrarium/internal/api"
	"terrarium/internal/iostreams"
	"terrarium/schema"
)

func testDeps(env map[string]string) (*Deps, *bytes.Buffer) {
	ios, _, _, errOut := iostreams.Test()
	d := &Deps{IO: ios, Globals: &Globals{}, Getenv: func(k string) string { return env[k] }, Environ: os.Environ}
	return d, errOut
}

func TestNewClientEmulatorPersistsAcrossRuns(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx := context.Background()
	d, stderr := testDeps(nil)
	d.Globals.Emulator = true
	c, cleanup, err := newClient(ctx, d, "wrkspc_test")
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.Create(ctx, schema.EnvSpec{Name: "one", Config: schema.EnvConfig{Type: schema.ConfigCloud}})
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if got := stderr.String(); !strings.Contains(got, "local emulator") || !strings.Contains(got, "not the real API") {
		t.Errorf("stderr note missing: %q", got)
	}
	for path, want := range map[string]os.FileMode{".terrarium": 0o700 | os.ModeDir, emulatorDataFile: 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode(), want, err)
		}
	}
	c, cleanup, err = newClient(ctx, d, "")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	all, err := c.List(ctx, api.ListOptions{})
	if err != nil || len(all) != 1 || all[0].ID != created.ID {
		t.Fatalf("second run sees %+v, %v", all, err)
	}
}

func TestNewClientRefusesEmulatorWithAPIURL(t *testing.T) {
	d, _ := testDeps(nil)
	d.Globals.Emulator, d.Globals.APIURL = true, "http://127.0.0.1:1"
	if _, _, err := newClient(context.Background(), d, ""); err == nil {
		t.Fatal("want an error")
	}
}
