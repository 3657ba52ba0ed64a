package origin

import (
	"strings"
	"testing"
)

func TestSame(t *testing.T) {
	api := Origin{APIURL: "https://api.anthropic.com/", WorkspaceID: "w", OrganizationID: "o"}
	for _, tc := range []struct {
		a, b Origin
		same bool
	}{
		{api, Origin{APIURL: "", WorkspaceID: "w", OrganizationID: "o"}, true}, // the default URL
		{api, Origin{APIURL: "https://api.anthropic.com", WorkspaceID: "w"}, true},
		{api, Origin{APIURL: "https://api.anthropic.com", WorkspaceID: "w", OrganizationID: "p"}, false},
		{api, Origin{APIURL: "https://api.anthropic.com", WorkspaceID: "v", OrganizationID: "o"}, false},
		{api, Origin{APIURL: "http://127.0.0.1:4010", WorkspaceID: "w", OrganizationID: "o"}, false},
		{Origin{Emulator: true, EmulatorData: "/a", APIURL: "http://127.0.0.1:1"}, Origin{Emulator: true, EmulatorData: "/a", APIURL: "http://127.0.0.1:2"}, true},
		{Origin{Emulator: true, EmulatorData: "/a"}, Origin{Emulator: true, EmulatorData: "/b"}, false},
		{Origin{Emulator: true, EmulatorData: "/a"}, Origin{APIURL: "http://127.0.0.1:1"}, false},
	} {
		if got := tc.a.Same(tc.b); got != tc.same {
			t.Errorf("%v Same %v = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestStringMarksEmulatorsAndEscapes(t *testing.T) {
	o := Origin{APIURL: "http://127.0.0.1:4010", OrganizationID: EmulatorOrganizationID}
	if got, want := o.String(), "http://127.0.0.1:4010, default workspace, organization "+EmulatorOrganizationID+" (a terrarium emulator, not the real API)"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	o = Origin{APIURL: "https://x\x1b[31m", WorkspaceID: "w", Accepted: true}
	if got, want := o.String(), `"https://x\x1b[31m", workspace w (accepted with --accept-origin)`; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// A credential in an API URL (a gateway's basic auth, a token as user
// name, a key in the query) is never part of a recorded or printed origin.
func TestNormalizeURLRedactsCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"http://alice:hunter2@127.0.0.1:4010/":     "http://alice:xxxxx@127.0.0.1:4010",
		"https://ghp_TOKEN@gw.example/":            "https://xxxxx@gw.example",
		"https://gw.example/anthropic?key=K1&x=K2": "https://gw.example/anthropic?key=xxxxx&x=xxxxx",
		"https://gw.example/#frag":                 "https://gw.example/#xxxxx",
		"https://api.anthropic.com/":               "https://api.anthropic.com",
		"":                                         DefaultAPIURL,
		"https://x\x1b[31m":                        "https://x\x1b[31m",
		// URLs that do not parse (refused, and the refusal quotes them).
		"https://alice:pa%zzSECRET@gw.example": "https://xxxxx@gw.example",
		"https://TOKEN%zz@gw.example/p":        "https://xxxxx@gw.example/p",
		"https://a:p/S?E#C@gw.example":         "https://xxxxx@gw.example",
		"http://[::1/x?key=SECRET":             "http://[::1/x?xxxxx",
	} {
		if got := NormalizeURL(in); got != want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
	a := Origin{APIURL: "http://alice:old@127.0.0.1:4010"}
	b := Origin{APIURL: "http://alice:rotated@127.0.0.1:4010/"}
	if !a.Same(b) {
		t.Errorf("a rotated password changed the origin")
	}
	if s := a.String(); strings.Contains(s, "old") {
		t.Errorf("String() = %q holds the password", s)
	}
}
