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
	c, cleanup, err := newClient(ctx, d, ".", "wrkspc_test")
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
	for path, want := range map[string]os.FileMode{".terrarium": 0o700 | os.ModeDir, ".terrarium/emulator.json": 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v (%v)", path, fi.Mode(), want, err)
		}
	}
	c, cleanup, err = newClient(ctx, d, ".", "")
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
	if _, _, err := newClient(context.Background(), d, ".", ""); err == nil {
		t.Fatal("want an error")
	}
}

func TestNewClientDebugLogToPathIsRedacted(t *testing.T) {
	t.Chdir(t.TempDir())
	ctx := context.Background()
	d, stderr := testDeps(map[string]string{"TERRARIUM_LOG": "debug", "TERRARIUM_LOG_PATH": "debug.log"})
	d.Globals.Emulator = true
	c, cleanup, err := newClient(ctx, d, ".", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(ctx, api.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	cleanup()
	b, err := os.ReadFile("debug.log")
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat("debug.log"); fi.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode %v", fi.Mode())
	}
	log := string(b)
	if !strings.Contains(log, "--> GET /v1/environments?") || !strings.Contains(log, "<-- GET /v1/environments 200") {
		t.Errorf("debug log:\n%s", log)
	}
	if strings.Contains(log+stderr.String(), emulatorCredential) {
		t.Errorf("credential in the debug log:\n%s", log)
	}
	if strings.Contains(stderr.String(), "-->") {
		t.Error("debug lines went to stderr although TERRARIUM_LOG_PATH is set")
	}
}

func TestNewClientChecksTheAPIURL(t *testing.T) {
	for _, tc := range []struct {
		flag, env, err, warn string
	}{
		{flag: "ftp://example.com", err: "not an http(s) URL"},
		{env: "api.example.com", err: "not an http(s) URL"},
		{flag: "http://10.0.0.5:4010", warn: "plain http to another machine"},
		{env: "http://127.0.0.1:4010"},
		{flag: "https://api.example.com"},
	} {
		d, stderr := testDeps(map[string]string{"ANTHROPIC_BASE_URL": tc.env})
		d.Globals.APIURL = tc.flag
		_, cleanup, err := newClient(context.Background(), d, ".", "")
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%+v: got %v", tc, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", tc, err)
			continue
		}
		cleanup()
		if got := stderr.String(); (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
			t.Errorf("%+v: stderr %q", tc, got)
		}
	}
}
