package middleware

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// renderError stands in for the app's error pages: the status plus a marker
// body that proves the renderer, not http.Error, wrote the response.
func renderError(w http.ResponseWriter, _ *http.Request, status int) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "rendered %d", status)
}

func renderedBody(status int) string { return fmt.Sprintf("rendered %d", status) }

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok"))
})

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

func get(t *testing.T, target string) *http.Request {
	return newRequest(t, http.MethodGet, target)
}

func newRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	return httptest.NewRequestWithContext(t.Context(), method, target, nil)
}
