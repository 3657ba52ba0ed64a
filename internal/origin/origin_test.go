package origin

import "testing"

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
