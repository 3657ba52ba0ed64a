package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	anthropic "github.com/anthropics/anthropic-sdk-go/v2"

	"terrarium/schema"
)

func decodeEnv(t *testing.T, s string) *anthropic.BetaEnvironment {
	t.Helper()
	var e anthropic.BetaEnvironment
	if err := json.Unmarshal([]byte(s), &e); err != nil {
		t.Fatal(err)
	}
	return &e
}

const liveJSON = `{"id":"env_1","type":"environment","name":"n","description":%s,"metadata":{"a":"1"},"scope":"account",
"config":{"type":"cloud","packages":{"type":"packages","apt":["git"],"cargo":[],"gem":[],"go":[],"npm":[],"pip":[]},
"networking":{"type":"limited","allowed_hosts":[],"allow_mcp_servers":true,"allow_package_managers":false}},
"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:06+02:00","archived_at":%s}`

func TestFromSDKDescriptionNullVsEmpty(t *testing.T) {
	for _, tc := range []struct {
		desc string
		want *string
	}{{"null", nil}, {`""`, ptr("")}, {`"d"`, ptr("d")}} {
		l, err := fromSDK(decodeEnv(t, strings.Replace(strings.Replace(liveJSON, "%s", tc.desc, 1), "%s", "null", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if (l.Description == nil) != (tc.want == nil) || l.Description != nil && *l.Description != *tc.want {
			t.Errorf("description %s -> %v", tc.desc, l.Description)
		}
		if l.Archived() || l.Scope != "account" || l.Metadata["a"] != "1" {
			t.Errorf("mapped %+v", l)
		}
		n := l.Config.Networking
		if n.Type != "limited" || n.AllowedHosts == nil || !n.AllowMCPServers || n.AllowPackageManagers || l.Config.Packages.Apt[0] != "git" || l.Config.Packages.Pip == nil {
			t.Errorf("config %+v %+v", n, l.Config.Packages)
		}
		if !l.UpdatedAt.Equal(time.Date(2026, 1, 2, 1, 4, 6, 0, time.UTC)) {
			t.Errorf("updated_at %v", l.UpdatedAt)
		}
	}
}

func TestFromSDKArchivedAndBadTimes(t *testing.T) {
	l, err := fromSDK(decodeEnv(t, strings.Replace(strings.Replace(liveJSON, "%s", "null", 1), "%s", `"2026-02-03T04:05:06.789Z"`, 1)))
	if err != nil || !l.Archived() || l.ArchivedAt.Nanosecond() != 789e6 {
		t.Fatalf("%v %v", l.ArchivedAt, err)
	}
	_, err = fromSDK(decodeEnv(t, strings.Replace(strings.Replace(liveJSON, "%s", "null", 1), "%s", `"yesterday"`, 1)))
	if err == nil || !strings.Contains(err.Error(), "archived_at") {
		t.Fatalf("bad time: %v", err)
	}
}

func TestFromSDKSelfHostedAndUnrestricted(t *testing.T) {
	l, err := fromSDK(decodeEnv(t, `{"id":"env_2","name":"s","description":null,"metadata":null,"scope":"organization","config":{"type":"self_hosted"},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","archived_at":null}`))
	if err != nil || l.Config.Type != "self_hosted" || l.Config.Packages != nil || l.Config.Networking != nil || l.Metadata == nil {
		t.Fatalf("%+v %v", l, err)
	}
	l, _ = fromSDK(decodeEnv(t, `{"id":"env_3","name":"u","description":null,"metadata":{},"config":{"type":"cloud","packages":{"type":"packages","apt":[],"cargo":[],"gem":[],"go":[],"npm":[],"pip":[]},"networking":{"type":"unrestricted"}},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","archived_at":null}`))
	if n := l.Config.Networking; n.Type != "unrestricted" || n.AllowedHosts != nil {
		t.Fatalf("%+v", n)
	}
}

func TestCreateBodyLeavesDefaultsToTheAPI(t *testing.T) {
	b, _ := createBody(schema.EnvSpec{Name: "n", Config: schema.EnvConfig{Type: schema.ConfigSelfHosted}})
	if string(b) != `{"name":"n","metadata":{},"config":{"type":"self_hosted"}}` {
		t.Fatalf("%s", b)
	}
	b, _ = createBody(schema.EnvSpec{Name: "n", Description: ptr(""), Scope: "organization", Config: schema.EnvConfig{Type: schema.ConfigCloud}})
	want := `{"name":"n","description":"","metadata":{},"scope":"organization","config":{"type":"cloud","packages":{"type":"packages","apt":[],"cargo":[],"gem":[],"go":[],"npm":[],"pip":[]},"networking":{"type":"unrestricted"}}}`
	if string(b) != want {
		t.Fatalf("%s", b)
	}
}

func ptr(s string) *string { return &s }
