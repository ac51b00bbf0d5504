package middleware

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// logLines decodes the JSON lines in buf.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		lines = append(lines, m)
	}
	return lines
}

// onlyLine insists on exactly one log line and returns it.
func onlyLine(t *testing.T, buf *bytes.Buffer) map[string]any {
	t.Helper()
	lines := logLines(t, buf)
	if len(lines) != 1 {
		t.Fatalf("got %d log lines, want 1:\n%s", len(lines), buf)
	}
	return lines[0]
}

func statusHandler(status int, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

func TestLogger(t *testing.T) {
	tests := []struct {
		name      string
		path      string
		handler   http.Handler
		wantLevel string
		status    int
		bytes     int
	}{
		{"success is info", "/", statusHandler(http.StatusOK, "hello"), "info", 200, 5},
		{"empty response counts as 200", "/", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), "info", 200, 0},
		{"redirect is info", "/old", statusHandler(http.StatusSeeOther, ""), "info", 303, 0},
		{"client error is warn", "/nope", statusHandler(http.StatusNotFound, "missing"), "warn", 404, 7},
		{"server error is error", "/", statusHandler(http.StatusInternalServerError, ""), "error", 500, 0},
		{"liveness probe is debug", "/healthz", statusHandler(http.StatusOK, "{}"), "debug", 200, 2},
		{"readiness probe is debug", "/readyz", statusHandler(http.StatusServiceUnavailable, ""), "debug", 503, 0},
		{"api health is debug", "/api/health", statusHandler(http.StatusOK, ""), "debug", 200, 0},
		{"asset is debug", "/assets/css/app.1234.css", statusHandler(http.StatusOK, "body{}"), "debug", 200, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := RequestID(ClientIP(nil)(Logger(testLogger(&buf))(tt.handler)))
			r := get(t, tt.path)
			r.RemoteAddr = "192.0.2.1:1234"
			rec := serve(h, r)

			line := onlyLine(t, &buf)
			want := map[string]any{
				"level":      tt.wantLevel,
				"message":    "request",
				"request_id": rec.Header().Get(RequestIDHeader),
				"method":     "GET",
				"path":       tt.path,
				"status":     float64(tt.status),
				"bytes":      float64(tt.bytes),
				"client_ip":  "192.0.2.1",
			}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %v, want %v", k, line[k], v)
				}
			}
			if d, ok := line["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("duration_ms = %v, want a non-negative number", line["duration_ms"])
			}
		})
	}
}

func TestLoggerOmitsSecrets(t *testing.T) {
	var buf bytes.Buffer
	h := RequestID(Logger(testLogger(&buf))(okHandler))
	r := get(t, "/search?q=query-secret&token=token-secret")
	r.Header.Set("Cookie", "session=cookie-secret")
	r.Header.Set("Authorization", "Bearer auth-secret")
	serve(h, r)

	line := onlyLine(t, &buf)
	if line["path"] != "/search" {
		t.Errorf("path = %v, want /search without the query", line["path"])
	}
	for _, secret := range []string{"query-secret", "token-secret", "cookie-secret", "auth-secret"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, buf.String())
		}
	}
}

func TestLoggerOneLinePerRequest(t *testing.T) {
	var buf bytes.Buffer
	h := RequestID(Logger(testLogger(&buf))(okHandler))
	var ids []string
	for range 3 {
		ids = append(ids, serve(h, get(t, "/")).Header().Get(RequestIDHeader))
	}
	lines := logLines(t, &buf)
	if len(lines) != len(ids) {
		t.Fatalf("got %d lines for %d requests", len(lines), len(ids))
	}
	for i, line := range lines {
		if line["request_id"] != ids[i] {
			t.Errorf("line %d request_id = %v, want %s", i, line["request_id"], ids[i])
		}
	}
}

func TestLoggerPutsRequestLoggerInContext(t *testing.T) {
	var buf bytes.Buffer
	h := RequestID(Logger(testLogger(&buf))(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		zerolog.Ctx(r.Context()).Info().Msg("from handler")
	})))
	id := serve(h, get(t, "/")).Header().Get(RequestIDHeader)

	lines := logLines(t, &buf)
	if len(lines) != 2 || lines[0]["message"] != "from handler" {
		t.Fatalf("want the handler's line, then the request line:\n%s", buf.String())
	}
	if lines[0]["request_id"] != id {
		t.Errorf("handler line request_id = %v, want %s", lines[0]["request_id"], id)
	}
}

func TestLoggerLogsAbortedRequest(t *testing.T) {
	var buf bytes.Buffer
	h := Logger(testLogger(&buf))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler passed on", p)
			}
		}()
		serve(h, get(t, "/"))
	}()

	line := onlyLine(t, &buf)
	if line["aborted"] != true || line["level"] != "warn" {
		t.Errorf("line = %v, want a warn line with aborted=true", line)
	}
}
