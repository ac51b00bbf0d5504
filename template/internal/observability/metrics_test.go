package observability

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// OBS-4: the metrics server answers /metrics on its own address and nothing else.
func TestMetricsServer(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	srv, err := ListenMetrics(t.Context(), "127.0.0.1:0", tel.MetricsHandler())
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(srv.Addr(), ":0") {
		t.Fatalf("Addr = %s, want the port it was given", srv.Addr())
	}
	tests := []struct {
		path       string
		wantStatus int
		wantBody   string
	}{
		{MetricsPath, http.StatusOK, buildInfoMetric + "{"},
		{"/", http.StatusNotFound, ""},
		{"/healthz", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+srv.Addr()+tt.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != tt.wantStatus || !strings.Contains(string(body), tt.wantBody) {
			t.Errorf("GET %s: %d, want %d with %q", tt.path, resp.StatusCode, tt.wantStatus, tt.wantBody)
		}
	}
	if err := srv.Shutdown(t.Context()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+srv.Addr()+MetricsPath, nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Error("still serving after Shutdown")
	}
}
