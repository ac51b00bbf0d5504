package middleware

import (
	"io"
	"net/http"
)

// MaxBody caps request bodies at n bytes, so one upload cannot exhaust
// memory. Reading past the cap fails with *http.MaxBytesError, which
// handlers answer with a 413.
func MaxBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = &cappedBody{ReadCloser: http.MaxBytesReader(w, r.Body, n), original: r.Body}
			next.ServeHTTP(w, r)
		})
	}
}

// AllowBody raises MaxBody's cap to n for the routes it wraps (file uploads: STORE-5 overrides
// SEC-7 per route), by capping the original body again rather than stacking a second limit on
// the first. Mounted without MaxBody in front, it caps the body at n itself.
func AllowBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body := r.Body
			if c, ok := body.(*cappedBody); ok {
				body = c.original
			}
			r.Body = &cappedBody{ReadCloser: http.MaxBytesReader(w, body, n), original: body}
			next.ServeHTTP(w, r)
		})
	}
}

// cappedBody is a capped request body that remembers the body it caps, for AllowBody.
type cappedBody struct {
	io.ReadCloser
	original io.ReadCloser
}
