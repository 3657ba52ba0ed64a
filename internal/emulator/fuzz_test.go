package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzWriteBodies feeds arbitrary create and update bodies: the emulator
// must answer every one with valid JSON (an environment or an API error)
// and never panic, and a stored environment must satisfy the API's rules.
func FuzzWriteBodies(f *testing.F) {
	for _, s := range []string{
		`{"name":"a"}`,
		`{"name":"a","description":null,"metadata":{"k":null,"j":""}}`,
		`{"name":"b","config":{"type":"cloud","packages":{"pip":["x"]},"networking":{"type":"limited","allowed_hosts":["https://a"],"allow_package_managers":true}}}`,
		`{"name":"c","config":{"type":"self_hosted"}}`,
		`{"config":{"type":"cloud","networking":{"type":"unrestricted","allowed_hosts":[]}}}`,
		`{"name":`, `[]`, `null`, `{"name":"d","scope":"account"}`,
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, create, update string) {
		e, _ := New(Options{Seed: 1})
		var id string
		if req, fault := decodeWrite(strings.NewReader(create)); fault == nil {
			raw, fault := e.create(req)
			if fault == nil {
				id = checkStored(t, raw)
			}
		}
		if id == "" {
			return
		}
		if req, fault := decodeWrite(strings.NewReader(update)); fault == nil {
			if raw, fault := e.update(id, req); fault == nil {
				checkStored(t, raw)
			}
		}
	})
}

func checkStored(t *testing.T, raw []byte) string {
	t.Helper()
	var env Environment
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("invalid JSON %s: %v", raw, err)
	}
	if env.Name == "" || !strings.HasPrefix(env.ID, "env_") {
		t.Fatalf("stored without name or id: %s", raw)
	}
	if f := validateConfig(env.Config, HostFormAny); f != nil {
		t.Fatalf("stored an invalid config: %s: %v", raw, f)
	}
	return env.ID
}
