package config

import (
	"log/slog"
	"net"
	"strconv"

	"github.com/rs/zerolog"
)

// MetricsOff is the value of <P>_OBSERVABILITY_METRICS_ADDR that turns the metrics server off.
// An empty variable counts as unset (and so gives the default), which is why "off" is a word.
const MetricsOff = "off"

// ObservabilityConfig places the Prometheus endpoint and says whether inbound trace context is
// believed. Everything else about tracing (exporter, endpoint, sampler, resource) is read from
// the standard OTEL_* variables by the OpenTelemetry SDK, so collectors and platforms that
// already set them need nothing app-specific.
type ObservabilityConfig struct {
	// MetricsAddr is where /metrics is served: a private address, never the app's public
	// port, since the metrics describe the app's internals. "off" disables the server.
	MetricsAddr string `mapstructure:"metrics_addr"`
	// TrustTraceparent continues the caller's trace from its traceparent header. Off, a
	// request starts a new trace and only links the caller's: otherwise any client could pick
	// trace ids (and with them the sampling decision) of the app's spans.
	TrustTraceparent bool `mapstructure:"trust_traceparent"`
}

// MetricsEnabled reports whether the metrics server runs.
func (o ObservabilityConfig) MetricsEnabled() bool { return o.MetricsAddr != MetricsOff }

// observabilityDefaults: production listens on every interface, where a scraper inside the
// cluster can reach it; development on loopback only; tests not at all, so parallel test
// servers do not fight over one port.
func observabilityDefaults(environment string) map[string]any {
	d := map[string]any{
		"observability.metrics_addr":      ":9090",
		"observability.trust_traceparent": false,
	}
	switch environment {
	case EnvDevelopment:
		d["observability.metrics_addr"] = "127.0.0.1:9090"
	case EnvTest:
		d["observability.metrics_addr"] = MetricsOff
	}
	return d
}

func (o ObservabilityConfig) validate(fail failFunc, serverAddr string) {
	if !o.MetricsEnabled() {
		return
	}
	_, port, err := net.SplitHostPort(o.MetricsAddr)
	if err != nil {
		fail("observability.metrics_addr", "must be host:port such as :9090 or 127.0.0.1:9090, or %s (got %q)", MetricsOff, o.MetricsAddr)
		return
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		fail("observability.metrics_addr", "port must be a number from 0 to 65535 (got %q)", o.MetricsAddr)
		return
	}
	// Serving metrics on the public port would publish them to every visitor.
	if _, serverPort, err := net.SplitHostPort(serverAddr); err == nil && port != "0" && port == serverPort {
		fail("observability.metrics_addr", "must not use the server's port %s: metrics stay off the public listener (got %q)", port, o.MetricsAddr)
	}
}

// LogValue logs the section.
func (o ObservabilityConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("metrics_addr", o.MetricsAddr),
		slog.Bool("trust_traceparent", o.TrustTraceparent),
	)
}

// MarshalZerologObject is LogValue's counterpart for zerolog.
func (o ObservabilityConfig) MarshalZerologObject(e *zerolog.Event) {
	e.Str("metrics_addr", o.MetricsAddr).
		Bool("trust_traceparent", o.TrustTraceparent)
}
