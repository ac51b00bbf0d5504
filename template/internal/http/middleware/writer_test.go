package middleware

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestResponseWriter(t *testing.T) {
	tests := []struct {
		name   string
		write  func(w http.ResponseWriter)
		status int
		bytes  int64
		hooks  int
	}{
		{"nothing written", func(http.ResponseWriter) {}, 0, 0, 0},
		{"body implies 200", func(w http.ResponseWriter) { _, _ = w.Write([]byte("hello")) }, 200, 5, 1},
		{"explicit status", func(w http.ResponseWriter) { w.WriteHeader(http.StatusTeapot) }, 418, 0, 1},
		{"first status wins", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusNotFound)
			w.WriteHeader(http.StatusOK)
		}, 404, 0, 1},
		{"early hints are not the status", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusCreated)
		}, 201, 0, 1},
		{"flush commits 200", func(w http.ResponseWriter) { w.(http.Flusher).Flush() }, 200, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			rw := wrapWriter(rec)
			hooks := 0
			rw.beforeHeader = func(http.Header) { hooks++ }
			tt.write(rw)
			if rw.status != tt.status || rw.bytes != tt.bytes || hooks != tt.hooks {
				t.Errorf("status %d, bytes %d, hook ran %d times; want %d, %d, %d",
					rw.status, rw.bytes, hooks, tt.status, tt.bytes, tt.hooks)
			}
		})
	}
}

func TestResponseWriterReachesTheServer(t *testing.T) {
	rec := httptest.NewRecorder()
	inner := wrapWriter(rec)
	rw := wrapWriter(inner)
	if rw.Unwrap() != inner {
		t.Error("Unwrap does not return the wrapped writer")
	}
	rw.Flush()
	if !rec.Flushed {
		t.Error("Flush did not reach the recorder")
	}
	if _, _, err := rw.Hijack(); !errors.Is(err, http.ErrNotSupported) {
		t.Errorf("Hijack on a recorder: %v, want http.ErrNotSupported", err)
	}
}
