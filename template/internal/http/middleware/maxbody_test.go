package middleware

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// SEC-7.
func TestMaxBody(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		tooBig  bool
		readLen int
	}{
		{"under the cap", 9, false, 9},
		{"at the cap", 10, false, 10},
		{"over the cap", 11, true, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			var err error
			h := MaxBody(10)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				var b []byte
				b, err = io.ReadAll(r.Body)
				n = len(b)
			}))
			r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/", strings.NewReader(strings.Repeat("x", tt.size)))
			serve(h, r)

			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) != tt.tooBig {
				t.Errorf("read error %v, want MaxBytesError %v", err, tt.tooBig)
			}
			if n != tt.readLen {
				t.Errorf("read %d bytes, want %d", n, tt.readLen)
			}
		})
	}
}

// STORE-5: an upload route raises the web group's cap for itself; other routes keep it.
func TestAllowBody(t *testing.T) {
	raised := func(h http.Handler) http.Handler { return MaxBody(10)(AllowBody(100)(h)) }
	const multipart = "multipart/form-data; boundary=x"
	tests := []struct {
		name        string
		chain       func(http.Handler) http.Handler
		contentType string
		size        int
		tooBig      bool
	}{
		{"raised above the group cap", raised, multipart, 50, false},
		{"over the raised cap", raised, multipart, 101, true},
		{"a form that cannot carry files keeps the group cap", raised, "application/x-www-form-urlencoded", 50, true},
		{"no content type keeps the group cap", raised, "", 50, true},
		{"lowered below the group cap", func(h http.Handler) http.Handler { return MaxBody(100)(AllowBody(10)(h)) }, multipart, 50, true},
		{"alone", AllowBody(10), multipart, 11, true},
		{"group cap without an override", MaxBody(10), multipart, 50, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			h := tt.chain(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				_, err = io.ReadAll(r.Body)
			}))
			r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/", strings.NewReader(strings.Repeat("x", tt.size)))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			serve(h, r)
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) != tt.tooBig {
				t.Errorf("read error %v, want MaxBytesError %v", err, tt.tooBig)
			}
		})
	}
}
