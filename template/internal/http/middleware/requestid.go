package middleware

import (
	"context"
	"crypto/rand"
	"net/http"
)

// RequestIDHeader carries the id in both directions, so a proxy's id can be
// followed through this app's logs and a user can quote the one they got.
const RequestIDHeader = "X-Request-ID"

// requestIDKeyCanonical is RequestIDHeader as net/http stores it. Looking a
// header up by any other spelling allocates its canonical form every time.
const requestIDKeyCanonical = "X-Request-Id"

const maxRequestIDLen = 64

type requestIDKey struct{}

// RequestID reuses the caller's X-Request-ID when it is short and plain, and
// generates one otherwise. The limits keep a client from injecting log lines
// or oversized values through the header.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDKeyCanonical)
		if !validRequestID(id) {
			// 26 base32 characters, 130 random bits: unique without
			// coordination between replicas.
			id = rand.Text()
		}
		w.Header()[requestIDKeyCanonical] = []string{id}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// GetRequestID returns the id RequestID stored, or "" outside it.
func GetRequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}
