package middleware

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// stack composes the global chain in the router's order, then group
// middleware, around h.
func stack(log zerolog.Logger, h http.Handler, group ...func(http.Handler) http.Handler) http.Handler {
	chain := []func(http.Handler) http.Handler{
		RequestID,
		ClientIP(nil),
		Logger(log),
		SecurityHeaders(true, false),
		Recoverer(log, renderError),
		Throttle(1, 0, time.Second, renderError),
		Timeout(50*time.Millisecond, renderError),
		Compress(5),
	}
	chain = append(chain, group...)
	for i := len(chain) - 1; i >= 0; i-- {
		h = chain[i](h)
	}
	return h
}

// checkErrorResponse asserts what WEB-6 wants of every error: the rendered
// page, the security headers and request id, and a log line with the final
// status.
func checkErrorResponse(t *testing.T, rec *httptest.ResponseRecorder, logs *bytes.Buffer, status int) {
	t.Helper()
	if rec.Code != status || rec.Body.String() != renderedBody(status) {
		t.Errorf("response %d %q, want the rendered %d page", rec.Code, rec.Body.String(), status)
	}
	id := rec.Header().Get(RequestIDHeader)
	if id == "" {
		t.Error("no X-Request-ID")
	}
	if !cspNonce.MatchString(rec.Header().Get("Content-Security-Policy")) {
		t.Errorf("CSP = %q, want one with a nonce", rec.Header().Get("Content-Security-Policy"))
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options":    "nosniff",
		"X-Frame-Options":           "DENY",
		"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
	} {
		if got := rec.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	var request map[string]any
	for _, line := range logLines(t, logs) {
		if line["message"] == "request" && line["request_id"] == id {
			if request != nil {
				t.Errorf("two request lines for %s", id)
			}
			request = line
		}
	}
	if request == nil {
		t.Fatalf("no request line for %s in:\n%s", id, logs)
	}
	if request["status"] != float64(status) {
		t.Errorf("logged status %v, want %d", request["status"], status)
	}
}

// WEB-6 and WEB-10.
func TestStackPanic(t *testing.T) {
	var logs bytes.Buffer
	panicked := false
	h := stack(testLogger(&logs), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !panicked {
			panicked = true
			panic("boom")
		}
		okHandler(w, r)
	}))

	checkErrorResponse(t, serve(h, get(t, "/")), &logs, http.StatusInternalServerError)
	if rec := serve(h, get(t, "/")); rec.Code != http.StatusOK {
		t.Errorf("request after the panic: status %d, want 200", rec.Code)
	}
}

func TestStackRejectionsCarryHeaders(t *testing.T) {
	t.Run("429 from the rate limiter", func(t *testing.T) {
		var logs bytes.Buffer
		h := stack(testLogger(&logs), okHandler, RateLimit(1, time.Minute, renderError))
		serve(h, get(t, "/"))
		logs.Reset()
		rec := serve(h, get(t, "/"))
		checkErrorResponse(t, rec, &logs, http.StatusTooManyRequests)
		if rec.Header().Get("Retry-After") == "" || rec.Header().Get("X-RateLimit-Limit") == "" {
			t.Errorf("429 lacks Retry-After or X-RateLimit-Limit: %v", rec.Header())
		}
	})

	t.Run("503 from the throttle", func(t *testing.T) {
		var logs bytes.Buffer
		slow, entered, release := blocking()
		h := stack(testLogger(&logs), slow)
		first := make(chan struct{})
		go func() {
			serve(h, get(t, "/"))
			close(first)
		}()
		<-entered
		rec := serve(h, get(t, "/"))
		close(release)
		<-first
		checkErrorResponse(t, rec, &logs, http.StatusServiceUnavailable)
		if rec.Header().Get("Retry-After") == "" {
			t.Error("503 lacks Retry-After")
		}
	})

	t.Run("504 from the timeout", func(t *testing.T) {
		var logs bytes.Buffer
		h := stack(testLogger(&logs), http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}))
		checkErrorResponse(t, serve(h, get(t, "/")), &logs, http.StatusGatewayTimeout)
	})

	t.Run("403 from CSRF", func(t *testing.T) {
		var logs bytes.Buffer
		csrf, err := CSRF(nil, renderError)
		if err != nil {
			t.Fatal(err)
		}
		h := stack(testLogger(&logs), okHandler, csrf)
		r := newRequest(t, http.MethodPost, "/contact")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		checkErrorResponse(t, serve(h, r), &logs, http.StatusForbidden)
	})
}
