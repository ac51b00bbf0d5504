package config

import (
	"strings"
	"testing"
)

// wantObservabilityDefaults is the observability section of each environment (OBS-4): metrics
// on every interface in production, on loopback in development, off under tests.
func wantObservabilityDefaults(env string) ObservabilityConfig {
	addr := map[string]string{EnvDevelopment: "127.0.0.1:9090", EnvTest: MetricsOff, EnvProduction: ":9090"}[env]
	return ObservabilityConfig{MetricsAddr: addr}
}

func TestObservabilityValidate(t *testing.T) {
	tests := []struct {
		name string
		addr string
		want bool // refused
	}{
		{"production default", ":9090", false},
		{"loopback", "127.0.0.1:9090", false},
		{"free port for tests", "127.0.0.1:0", false},
		{"off", MetricsOff, false},
		{"no port", "127.0.0.1", true},
		{"port out of range", ":70000", true},
		{"the server's own port", ":8080", true},
		{"the server's port on another host", "127.0.0.1:8080", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			fail := failFunc(func(key, format string, _ ...any) { got = append(got, key+": "+format) })
			ObservabilityConfig{MetricsAddr: tt.addr}.validate(fail, ":8080")
			if refused := len(got) > 0; refused != tt.want {
				t.Fatalf("validate(%q) = %v, want refused %v", tt.addr, got, tt.want)
			}
			for _, msg := range got {
				if !strings.HasPrefix(msg, "observability.metrics_addr:") {
					t.Errorf("error %q names the wrong key", msg)
				}
			}
		})
	}
}

func TestMetricsEnabled(t *testing.T) {
	t.Parallel()
	if (ObservabilityConfig{MetricsAddr: MetricsOff}).MetricsEnabled() {
		t.Error("off enables metrics")
	}
	if !(ObservabilityConfig{MetricsAddr: ":9090"}).MetricsEnabled() {
		t.Error(":9090 does not enable metrics")
	}
}
