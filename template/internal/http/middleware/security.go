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
	cspImages = "'; style-src 'self'; img-src 'self' data:"
	cspAfter  = "; font-src 'self'; connect-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

// SecurityHeaders sets the browser hardening headers and a fresh CSP nonce on
// every response, and hands the nonce to templ so its <script> tags carry it.
// It sits outside the Recoverer, throttle and rate limiter so that their 500,
// 503 and 429 pages are covered too.
//
// HSTS is sent in production only, since a developer's browser would
// otherwise refuse plain http://localhost for two years. imageOrigins may also
// serve images (the S3 or R2 bucket that signed file URLs point at).
func SecurityHeaders(production, hstsPreload bool, imageOrigins ...string) func(http.Handler) http.Handler {
	after := cspImages
	for _, o := range imageOrigins {
		after += " " + o
	}
	after += cspAfter
	fixed := [][2]string{
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", "DENY"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
	}
	if production {
		hsts := hstsValue
		if hstsPreload {
			hsts += "; preload"
		}
		fixed = append(fixed, [2]string{"Strict-Transport-Security", hsts})
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			csp, nonce := newCSP(after)
			// One backing array for every value instead of one slice per
			// header; each is capped at its length, so a later Add copies
			// rather than writing into its neighbour. The names are in
			// canonical form, which direct assignment requires.
			values := make([]string, len(fixed)+1)
			h := w.Header()
			values[0] = csp
			h["Content-Security-Policy"] = values[0:1:1]
			for i, kv := range fixed {
				values[i+1] = kv[1]
				h[kv[0]] = values[i+1 : i+2 : i+2]
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

// nonceLen is the base64 length of a 16-byte (128-bit) nonce.
var nonceLen = base64.StdEncoding.EncodedLen(16)

// newCSP returns the policy with a fresh nonce before after, and the nonce
// itself, which is a substring of the policy: one allocation for both.
func newCSP(after string) (csp, nonce string) {
	var raw [16]byte
	// Since Go 1.24 crypto/rand.Read never fails; it crashes the program
	// rather than return predictable bytes.
	_, _ = rand.Read(raw[:])
	b := make([]byte, 0, len(cspBefore)+nonceLen+len(after))
	b = append(b, cspBefore...)
	b = base64.StdEncoding.AppendEncode(b, raw[:])
	b = append(b, after...)
	csp = string(b)
	return csp, csp[len(cspBefore) : len(cspBefore)+nonceLen]
}
