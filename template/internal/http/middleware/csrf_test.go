package middleware

import (
	"net/http"
	"testing"
)

// SEC-4.
func TestCSRF(t *testing.T) {
	csrf, err := CSRF([]string{"https://admin.example.com"}, renderError)
	if err != nil {
		t.Fatal(err)
	}
	h := csrf(okHandler)

	tests := []struct {
		name    string
		method  string
		headers map[string]string
		want    int
	}{
		{"cross-site POST is refused", http.MethodPost, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site POST is refused", http.MethodPost, map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"same-origin POST passes", http.MethodPost, map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusOK},
		{"typed-in navigation passes", http.MethodPost, map[string]string{"Sec-Fetch-Site": "none"}, http.StatusOK},
		{"cross-site GET passes", http.MethodGet, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusOK},
		{"foreign Origin is refused", http.MethodPost, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"own Origin passes", http.MethodPost, map[string]string{"Origin": "http://example.com"}, http.StatusOK},
		{"trusted origin passes", http.MethodPost, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://admin.example.com"}, http.StatusOK},
		{"non-browser client passes", http.MethodDelete, nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest(t, tt.method, "http://example.com/contact")
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			rec := serve(h, r)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d", rec.Code, tt.want)
			}
			if tt.want == http.StatusForbidden && rec.Body.String() != renderedBody(http.StatusForbidden) {
				t.Errorf("body %q, want the rendered error page", rec.Body.String())
			}
		})
	}
}

func TestCSRFRejectsMalformedOrigin(t *testing.T) {
	for _, origin := range []string{"admin.example.com", "https://admin.example.com/path", "https://"} {
		if _, err := CSRF([]string{origin}, renderError); err == nil {
			t.Errorf("CSRF accepted trusted origin %q", origin)
		}
	}
}
