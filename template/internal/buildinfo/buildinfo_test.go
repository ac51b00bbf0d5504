package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	t.Parallel()
	embedded := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{
			Main:     debug.Module{Version: "v0.3.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}},
		}, true
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		name              string
		version, revision string
		read              func() (*debug.BuildInfo, bool)
		want              Info
	}{
		{"link-time values win", "v1.2.3", "def456", embedded, Info{Version: "v1.2.3", Revision: "def456"}},
		{"toolchain fallback", "", "", embedded, Info{Version: "v0.3.0", Revision: "abc123"}},
		{"nothing known", "", "", none, Info{Version: "(devel)", Revision: "unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := fromBuildInfo(tt.version, tt.revision, tt.read)
			if got.Version != tt.want.Version || got.Revision != tt.want.Revision {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if got.GoVersion == "" {
				t.Error("GoVersion is empty")
			}
		})
	}
}
