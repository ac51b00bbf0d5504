// Package buildinfo says which build of the app is running. Release builds set Version and
// Revision with -ldflags "-X"; a plain `go build` falls back to what the Go toolchain embedded
// (the module version and the VCS revision), so a binary can always name its source.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Set at link time: go build -ldflags "-X <module>/internal/buildinfo.Version=v1.2.3
// -X <module>/internal/buildinfo.Revision=abc123".
var (
	Version  = ""
	Revision = ""
)

// Info is the running build.
type Info struct {
	Version   string
	Revision  string
	GoVersion string
}

// Read returns the running build: the link-time values when set, else the toolchain's.
func Read() Info {
	return fromBuildInfo(Version, Revision, debug.ReadBuildInfo)
}

func fromBuildInfo(version, revision string, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: version, Revision: revision, GoVersion: runtime.Version()}
	if bi, ok := read(); ok {
		if info.Version == "" && bi.Main.Version != "" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && info.Revision == "" {
				info.Revision = s.Value
			}
		}
	}
	if info.Version == "" {
		info.Version = "(devel)"
	}
	if info.Revision == "" {
		info.Revision = "unknown"
	}
	return info
}
