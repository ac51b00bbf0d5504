package middleware

import "net/http"

// MaxBody caps request bodies at n bytes, so one upload cannot exhaust
// memory. Reading past the cap fails with *http.MaxBytesError, which
// handlers answer with a 413.
func MaxBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, r)
		})
	}
}
