package middleware

import (
	"net/http"
	"strings"
	"testing"
)

func TestRequestID(t *testing.T) {
	tests := []struct {
		name    string
		inbound string
		reuse   bool
	}{
		{"absent is generated", "", false},
		{"plain id is reused", "abc-123", true},
		{"dots and underscores are reused", "edge.v1_AZ09", true},
		{"64 characters are reused", strings.Repeat("a", 64), true},
		{"65 characters are replaced", strings.Repeat("a", 65), false},
		{"newline is replaced", "abc\nlevel=error", false},
		{"space is replaced", "abc 123", false},
		{"non-ASCII is replaced", "abcé", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fromCtx string
			h := RequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				fromCtx = GetRequestID(r.Context())
			}))
			r := get(t, "/")
			if tt.inbound != "" {
				r.Header.Set(RequestIDHeader, tt.inbound)
			}
			got := serve(h, r).Header().Get(RequestIDHeader)

			if got != fromCtx {
				t.Errorf("header %q, context %q: want the same id", got, fromCtx)
			}
			if tt.reuse && got != tt.inbound {
				t.Errorf("id = %q, want the inbound %q", got, tt.inbound)
			}
			if !tt.reuse && (got == tt.inbound || !validRequestID(got)) {
				t.Errorf("id = %q, want a fresh valid id", got)
			}
		})
	}
}

func TestRequestIDIsUniquePerRequest(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := serve(RequestID(okHandler), get(t, "/")).Header().Get(RequestIDHeader)
		if seen[id] {
			t.Fatalf("id %q generated twice", id)
		}
		seen[id] = true
	}
}

func TestGetRequestIDOutsideMiddleware(t *testing.T) {
	if id := GetRequestID(t.Context()); id != "" {
		t.Errorf("GetRequestID = %q, want empty", id)
	}
}
