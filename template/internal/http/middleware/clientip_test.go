package middleware

import (
	"net/http"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name    string
		trusted []string
		remote  string
		xff     string
		want    string
	}{
		{"no proxies: peer", nil, "192.0.2.1:1234", "", "192.0.2.1"},
		{"no proxies: X-Forwarded-For ignored", nil, "192.0.2.1:1234", "203.0.113.9", "192.0.2.1"},
		{"trusted peer: forwarded client", []string{"10.0.0.0/8"}, "10.1.2.3:1234", "203.0.113.9", "203.0.113.9"},
		{"bare IP as proxy", []string{"10.1.2.3"}, "10.1.2.3:1234", "203.0.113.9", "203.0.113.9"},
		{"trusted hops skipped", []string{"10.0.0.0/8"}, "10.1.2.3:1234", "203.0.113.9, 10.0.0.5", "203.0.113.9"},
		{"spoofed left entries ignored", []string{"10.0.0.0/8"}, "10.1.2.3:1234", "198.51.100.7, 203.0.113.9", "203.0.113.9"},
		{"untrusted peer: its own address", []string{"10.0.0.0/8"}, "198.51.100.1:1234", "203.0.113.9", "198.51.100.1"},
		{"trusted peer without header: peer", []string{"10.0.0.0/8"}, "10.1.2.3:1234", "", "10.1.2.3"},
		{"IPv6 proxy", []string{"fd00::/8"}, "[fd00::1]:1234", "2001:db8::7", "2001:db8::7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			h := ClientIP(tt.trusted)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				got = chimw.GetClientIP(r.Context())
			}))
			r := get(t, "/")
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			serve(h, r)
			if got != tt.want {
				t.Errorf("client IP = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClientIPRejectsBadProxy(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("ClientIP accepted a malformed proxy")
		}
	}()
	ClientIP([]string{"10.0.0.0/33"})
}
