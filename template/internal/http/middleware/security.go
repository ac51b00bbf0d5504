package middleware

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"github.com/a-h/templ"
)

const (
	hstsValue = "max-age=63072000; includeSubDomains"
	// The nonce is the only way a script runs: no 'unsafe-inline' and no
	// 'unsafe-eval', which is why the app ships Alpine's CSP build.
	cspBefore = "default-src 'self'; script-src 'self' 'nonce-"
	cspAfter  = "'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

// SecurityHeaders sets the browser hardening headers and a fresh CSP nonce on
// every response, and hands the nonce to templ so its <script> tags carry it.
// It sits outside the Recoverer, throttle and rate limiter so that their 500,
// 503 and 429 pages are covered too.
//
// HSTS is sent in production only, since a developer's browser would
// otherwise refuse plain http://localhost for two years.
func SecurityHeaders(production, hstsPreload bool) func(http.Handler) http.Handler {
	hsts := ""
	if production {
		hsts = hstsValue
		if hstsPreload {
			hsts += "; preload"
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			nonce := newNonce()
			h := w.Header()
			h.Set("Content-Security-Policy", cspBefore+nonce+cspAfter)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if hsts != "" {
				h.Set("Strict-Transport-Security", hsts)
			}
			next.ServeHTTP(w, r.WithContext(templ.WithNonce(r.Context(), nonce)))
		})
	}
}

// Nonce returns the request's CSP nonce, for a script tag written outside
// templ; templ components can use templ.GetNonce(ctx) directly.
func Nonce(ctx context.Context) string {
	return templ.GetNonce(ctx)
}

func newNonce() string {
	b := make([]byte, 16)
	// Since Go 1.24 crypto/rand.Read never fails; it crashes the program
	// rather than return predictable bytes.
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
