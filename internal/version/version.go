// Package version reports terrarium's version, from the build: the Go
// toolchain records the main module's version and the VCS revision in the
// binary (runtime/debug.ReadBuildInfo; `go version -m terrarium` shows it).
package version

import (
	"runtime/debug"
	"time"
)

// Version is set at build time with -ldflags "-X terrarium/internal/version.Version=v1.2.3";
// it wins over the build information.
var Version = ""

// Devel is the version of a build that records none: `go run`, a test
// binary, or a build with -buildvcs=false outside a tagged module.
const Devel = "devel"

// Info is what the build says about itself.
type Info struct {
	// Version is the module version (v1.2.0, or Go's pseudo-version
	// v0.0.0-20261129102627-fb27a533814b, +dirty when the tree was
	// modified), or Devel.
	Version string
	// Revision and Time are the VCS commit and its commit time (UTC), when
	// the build recorded them; Modified says the work tree had changes.
	Revision string
	Time     time.Time
	Modified bool
}

// Known reports whether the build recorded a version.
func (i Info) Known() bool { return i.Version != Devel }

// Get reads the running binary's build information.
func Get() Info {
	info, _ := debug.ReadBuildInfo()
	return FromBuildInfo(info, Version)
}

// FromBuildInfo is Get's logic: an -ldflags version, else the module
// version, else a pseudo-version made of the VCS revision and time (as Go
// 1.24 and later record it), else Devel. info may be nil.
func FromBuildInfo(info *debug.BuildInfo, ldflags string) Info {
	out := Info{Version: Devel}
	if info == nil {
		if ldflags != "" {
			out.Version = ldflags
		}
		return out
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			out.Revision = s.Value
		case "vcs.time":
			out.Time, _ = time.Parse(time.RFC3339, s.Value)
		case "vcs.modified":
			out.Modified = s.Value == "true"
		}
	}
	switch v := info.Main.Version; {
	case ldflags != "":
		out.Version = ldflags
	case v != "" && v != "(devel)":
		out.Version = v
	case out.Revision != "" && !out.Time.IsZero():
		out.Version = "v0.0.0-" + out.Time.UTC().Format("20060102150405") + "-" + short(out.Revision)
		if out.Modified {
			out.Version += "+dirty"
		}
	}
	return out
}

// String returns the version (see Info.Version).
func String() string { return Get().Version }

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
