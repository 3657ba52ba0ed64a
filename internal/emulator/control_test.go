package emulator_test

// The /_emulator/ control endpoints a test or a demo drives over HTTP:
// sessions, injected errors, faults, and the request log without secrets.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"

	"terrarium/internal/emulator"
)

func TestControlEndpoints(t *testing.T) {
	f := setup(t, emulator.Options{})
	e := f.create(t, "c")
	post := func(path, body string) int {
		res, err := http.Post(f.url+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if s := post("/_emulator/sessions", `{"environment_id":"`+e.ID+`","in_use":true}`); s != 200 {
		t.Fatalf("sessions: %d", s)
	}
	_, err := f.sdk.Beta.Environments.Delete(f.ctx, e.ID, anthropic.BetaEnvironmentDeleteParams{})
	wantCode(t, err, 400, "invalid_request_error", "")
	if s := post("/_emulator/inject", `{"status":529}`); s != 200 {
		t.Fatalf("inject: %d", s)
	}
	_, err = f.sdk.Beta.Environments.List(f.ctx, anthropic.BetaEnvironmentListParams{})
	wantCode(t, err, 529, "overloaded_error", "")
	if s := post("/_emulator/faults", `{"latency":"30ms"}`); s != 200 {
		t.Fatalf("faults: %d", s)
	}
	start := time.Now()
	if _, err := f.sdk.Beta.Environments.Get(f.ctx, e.ID, anthropic.BetaEnvironmentGetParams{}); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("latency: %v %s", err, time.Since(start))
	}
	if s := post("/_emulator/faults", `{"error_rate":3}`); s != 400 {
		t.Fatalf("bad faults accepted: %d", s)
	}
	res, err := http.Get(f.url + "/_emulator/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var log []emulator.LogEntry
	if err := json.NewDecoder(res.Body).Decode(&log); err != nil || len(log) != 4 || log[1].Method != "DELETE" || log[2].Status != 529 {
		t.Fatalf("request log: %v %+v", err, log)
	}
	if strings.Contains(fmt.Sprint(log), key) {
		t.Fatal("the request log holds the key")
	}
}
