package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "fb27a533814b953e7e9c8b843fa1898e0ac70a7f"},
		{Key: "vcs.time", Value: "2026-11-29T10:26:27Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	for _, tc := range []struct {
		name, main, ldflags string
		settings            []debug.BuildSetting
		want                string
	}{
		{"tagged module", "v1.4.0", "", vcs, "v1.4.0"},
		{"go 1.24 pseudo-version", "v0.0.0-20261129102627-fb27a533814b+dirty", "", vcs, "v0.0.0-20261129102627-fb27a533814b+dirty"},
		{"older toolchain: from the VCS settings", "(devel)", "", vcs, "v0.0.0-20261129102627-fb27a533814b+dirty"},
		{"ldflags win", "v1.4.0", "v2.0.0", vcs, "v2.0.0"},
		{"nothing recorded", "(devel)", "", nil, Devel},
	} {
		got := FromBuildInfo(&debug.BuildInfo{Main: debug.Module{Path: "terrarium", Version: tc.main}, Settings: tc.settings}, tc.ldflags)
		if got.Version != tc.want {
			t.Errorf("%s: version %q, want %q", tc.name, got.Version, tc.want)
		}
		if tc.settings != nil && (got.Revision != "fb27a533814b953e7e9c8b843fa1898e0ac70a7f" || !got.Modified || got.Time.IsZero()) {
			t.Errorf("%s: %+v lacks the commit", tc.name, got)
		}
	}
	if got := FromBuildInfo(nil, ""); got.Known() {
		t.Errorf("no build info: %+v is known", got)
	}
}
