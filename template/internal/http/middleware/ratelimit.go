package middleware

import (
	"net/http"
	"time"

	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"
)

// Stricter than the general limit because a login or reset form invites
// password guessing; per-account limits belong in the auth service.
const (
	authRateLimitRequests = 5
	authRateLimitWindow   = time.Minute
)

// RateLimit allows each client IP requests per window (a sliding window) and
// answers the excess with a 429 page carrying Retry-After and the
// X-RateLimit-* headers. requests <= 0 disables it. Each call has its own
// counters: groups that should share one budget must share one result.
//
// The IP is ClientIP's, so X-Forwarded-For only counts behind a trusted
// proxy; otherwise anyone could get a fresh bucket per request.
func RateLimit(requests int, window time.Duration, render ErrorRenderer) func(http.Handler) http.Handler {
	if requests <= 0 {
		return func(next http.Handler) http.Handler { return next }
	}
	return httprate.LimitBy(requests, window, clientIPKey,
		httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			render(w, r, http.StatusTooManyRequests)
		}),
		httprate.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, _ error) {
			render(w, r, http.StatusInternalServerError)
		}),
	)
}

// AuthRateLimit allows 5 requests a minute per IP, for the auth POSTs.
func AuthRateLimit(render ErrorRenderer) func(http.Handler) http.Handler {
	return RateLimit(authRateLimitRequests, authRateLimitWindow, render)
}

// clientIPKey buckets IPv6 clients by their /64, which one client usually
// controls in full.
func clientIPKey(r *http.Request) (string, error) {
	return httprate.CanonicalizeIP(chimw.GetClientIP(r.Context())), nil
}
