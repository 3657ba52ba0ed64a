package emulator

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRequestLogRingKeepsNewest(t *testing.T) {
	e, _ := New(Options{LogSize: 3})
	for i := range 7 {
		x := &exchange{r: httptest.NewRequest("GET", "/v1/environments?n="+strconv.Itoa(i), nil), start: time.Now()}
		e.log.add(x)
	}
	got := e.Requests()
	if len(got) != 3 || got[0].Query != "n=4" || got[2].Query != "n=6" {
		t.Fatalf("%+v", got)
	}
	e.ClearRequests()
	if len(e.Requests()) != 0 {
		t.Fatal("not cleared")
	}
}

func TestInjectionAfterAndPath(t *testing.T) {
	e, _ := New(Options{Seed: 1})
	if err := e.Inject(Injection{Status: 500, Method: "POST", Path: "/v1/environments/env_x", After: 1, Count: 2}); err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, p := range []string{"/v1/environments", "/v1/environments/env_x", "/v1/environments/env_x/archive", "/v1/environments/env_x", "/v1/environments/env_x"} {
		got = append(got, e.decide("POST", p, true).fault != nil)
	}
	if want := []bool{false, false, true, true, false}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	if e.Inject(Injection{}) == nil || e.Inject(Injection{Status: 200}) == nil {
		t.Fatal("bad injections accepted")
	}
}

func TestHandWrittenDataFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "emu.json")
	fixture := `{"format_version":1,"environments":[
{"environment":{"name":"a","metadata":{"terrarium.stack":"s"}}},
{"in_use":true,"environment":{"id":"env_fixed","name":"b","description":"d","config":{"type":"cloud","networking":{"type":"limited","allowed_hosts":["https://x.example.com"]}}}},
{"environment":{"name":"c","config":{"type":"self_hosted"},"archived_at":"2026-01-01T00:00:00Z"}}]}`
	if err := os.WriteFile(path, []byte(fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	e, err := New(Options{DataFile: path, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	envs := e.Environments()
	if len(envs) != 3 || envs[1].ID != "env_fixed" || !strings.HasPrefix(envs[0].ID, "env_") {
		t.Fatalf("%+v", envs)
	}
	a := envs[0]
	if a.Config.Type != "cloud" || a.Config.Networking.Type != "unrestricted" || a.Config.Packages.Pip == nil || a.CreatedAt == "" || a.Scope != "organization" {
		t.Fatalf("defaults: %+v", a)
	}
	if n := envs[1].Config.Networking; n.Type != "limited" || n.AllowedHosts[0] != "https://x.example.com" {
		t.Fatalf("limited: %+v", n)
	}
	if _, f := e.delete("env_fixed"); f == nil {
		t.Fatal("in_use ignored")
	}
	lq, _ := e.parseList(nil)
	if body := string(e.list(lq)); strings.Contains(body, `"name":"c"`) || !strings.Contains(body, `"name":"b"`) {
		t.Fatalf("list: %s", body)
	}
	if err := os.WriteFile(path, []byte(`{"format_version":1,"environments":[{"environment":{"name":"x"}},{"environment":{"name":"x"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{DataFile: path}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("duplicate names: %v", err)
	}
}
