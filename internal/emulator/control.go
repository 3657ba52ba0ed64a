package emulator

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// Control endpoints (no authentication, no faults):
//
//	GET    /_emulator/requests         the request log (JSON array)
//	DELETE /_emulator/requests         clear it
//	GET    /_emulator/faults           the random faults in effect
//	PUT    /_emulator/faults           replace them (Faults JSON)
//	POST   /_emulator/inject           queue an Injection (JSON)
//	GET    /_emulator/rate_limits      the enforced rate limits
//	PUT    /_emulator/rate_limits      replace them (RateLimits JSON)
//	POST   /_emulator/sessions         {"environment_id":"env_...","in_use":true}
//	POST   /_emulator/reset            forget every environment
//	GET    /_emulator/environments     every stored environment, archived too
func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) {
	var err error
	var out any
	switch r.Method + " " + r.URL.Path {
	case "GET /_emulator/requests":
		out = e.Requests()
	case "DELETE /_emulator/requests":
		e.ClearRequests()
	case "GET /_emulator/faults":
		out = e.CurrentFaults()
	case "PUT /_emulator/faults", "POST /_emulator/faults":
		var f Faults
		if err = decodeControl(r.Body, &f); err == nil {
			err = e.SetFaults(f)
		}
	case "GET /_emulator/rate_limits":
		out = e.CurrentRateLimits()
	case "PUT /_emulator/rate_limits":
		var rl RateLimits
		if err = decodeControl(r.Body, &rl); err == nil {
			err = e.SetRateLimits(rl)
		}
	case "POST /_emulator/inject":
		var in Injection
		if err = decodeControl(r.Body, &in); err == nil {
			err = e.Inject(in)
		}
	case "POST /_emulator/sessions":
		var s struct {
			EnvironmentID string `json:"environment_id"`
			InUse         bool   `json:"in_use"`
		}
		if err = decodeControl(r.Body, &s); err == nil {
			err = e.SetInUse(s.EnvironmentID, s.InUse)
		}
	case "POST /_emulator/reset":
		err = e.Reset()
	case "GET /_emulator/environments":
		out = e.Environments()
	default:
		writeControl(w, http.StatusNotFound, map[string]string{"error": "no control endpoint " + r.Method + " " + r.URL.Path})
		return
	}
	if err != nil {
		status := http.StatusBadRequest
		var f *Fault
		if errors.As(err, &f) {
			status = f.Status
		}
		writeControl(w, status, map[string]string{"error": err.Error()})
		return
	}
	if out == nil {
		out = map[string]bool{"ok": true}
	}
	writeControl(w, http.StatusOK, out)
}

func decodeControl(r io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(r, maxBody))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func writeControl(w http.ResponseWriter, status int, v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
