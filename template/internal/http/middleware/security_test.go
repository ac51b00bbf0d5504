package middleware

import (
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

var cspNonce = regexp.MustCompile(`script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'`)

func TestSecurityHeaders(t *testing.T) {
	fixed := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"Permissions-Policy":         "camera=(), microphone=(), geolocation=()",
		"Cross-Origin-Opener-Policy": "same-origin",
	}
	tests := []struct {
		name        string
		production  bool
		hstsPreload bool
		wantHSTS    string
	}{
		{"development has no HSTS", false, false, ""},
		{"development ignores preload", false, true, ""},
		{"production has HSTS", true, false, "max-age=63072000; includeSubDomains"},
		{"production with preload", true, true, "max-age=63072000; includeSubDomains; preload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := serve(SecurityHeaders(tt.production, tt.hstsPreload)(okHandler), get(t, "/")).Header()
			for name, want := range fixed {
				if got := h.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if got := h.Get("Strict-Transport-Security"); got != tt.wantHSTS {
				t.Errorf("Strict-Transport-Security = %q, want %q", got, tt.wantHSTS)
			}
			if _, ok := h["X-Xss-Protection"]; ok {
				t.Error("X-XSS-Protection is set; modern browsers ignore it and old ones misuse it")
			}
		})
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	var fromCtx, fromTempl []string
	h := SecurityHeaders(true, false)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		fromCtx = append(fromCtx, Nonce(r.Context()))
		fromTempl = append(fromTempl, templ.GetNonce(r.Context()))
	}))

	var nonces []string
	for i := range 2 {
		csp := serve(h, get(t, "/")).Header().Get("Content-Security-Policy")
		m := cspNonce.FindStringSubmatch(csp)
		if m == nil {
			t.Fatalf("CSP has no script nonce: %q", csp)
		}
		nonce := m[1]
		want := "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; style-src 'self'; " +
			"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
			"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
		if csp != want {
			t.Errorf("CSP:\n got %q\nwant %q", csp, want)
		}
		if raw, err := base64.StdEncoding.DecodeString(nonce); err != nil || len(raw) != 16 {
			t.Errorf("nonce %q: want 16 base64-encoded bytes (err %v)", nonce, err)
		}
		if fromCtx[i] != nonce || fromTempl[i] != nonce {
			t.Errorf("context nonce %q, templ nonce %q, want the header's %q", fromCtx[i], fromTempl[i], nonce)
		}
		nonces = append(nonces, nonce)
	}
	if nonces[0] == nonces[1] {
		t.Errorf("two requests share the nonce %q", nonces[0])
	}
}

func TestNonceOutsideMiddleware(t *testing.T) {
	if n := Nonce(t.Context()); n != "" {
		t.Errorf("Nonce = %q, want empty", n)
	}
}

// Signed file URLs of an S3 or R2 app point at the bucket: its origin may serve images, and
// nothing else is loosened.
func TestSecurityHeadersImageOrigins(t *testing.T) {
	tests := []struct {
		name    string
		origins []string
		want    string
	}{
		{"none", nil, "img-src 'self' data:; font-src"},
		{"a bucket", []string{"https://uploads.s3.eu-west-1.amazonaws.com"}, "img-src 'self' data: https://uploads.s3.eu-west-1.amazonaws.com; font-src"},
		{"two", []string{"https://a.example", "https://b.example"}, "img-src 'self' data: https://a.example https://b.example; font-src"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			csp := serve(SecurityHeaders(false, false, tt.origins...)(okHandler), get(t, "/")).Header().Get("Content-Security-Policy")
			if !strings.Contains(csp, tt.want) || !strings.HasSuffix(csp, "frame-ancestors 'none'") {
				t.Errorf("CSP %q: want it to contain %q", csp, tt.want)
			}
			if strings.Count(csp, "https://") != len(tt.origins) {
				t.Errorf("CSP %q names other origins than %v", csp, tt.origins)
			}
		})
	}
}
