package middleware

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// WEB-14.
func TestRateLimit(t *testing.T) {
	h := RateLimit(3, time.Minute, renderError)(okHandler)
	for i := 1; i <= 4; i++ {
		r := get(t, "/")
		r.RemoteAddr = "192.0.2.1:1234"
		rec := serve(ClientIP(nil)(h), r)

		want := http.StatusOK
		if i == 4 {
			want = http.StatusTooManyRequests
		}
		if rec.Code != want {
			t.Fatalf("request %d: status %d, want %d", i, rec.Code, want)
		}
		if got := rec.Header().Get("X-RateLimit-Limit"); got != "3" {
			t.Errorf("request %d: X-RateLimit-Limit = %q, want 3", i, got)
		}
		if _, err := strconv.ParseInt(rec.Header().Get("X-RateLimit-Reset"), 10, 64); err != nil {
			t.Errorf("request %d: X-RateLimit-Reset = %q, want a Unix time", i, rec.Header().Get("X-RateLimit-Reset"))
		}
		if want == http.StatusTooManyRequests {
			if got := rec.Header().Get("Retry-After"); got != "60" {
				t.Errorf("Retry-After = %q, want 60", got)
			}
			if got := rec.Header().Get("X-RateLimit-Remaining"); got != "0" {
				t.Errorf("X-RateLimit-Remaining = %q, want 0", got)
			}
			if rec.Body.String() != renderedBody(http.StatusTooManyRequests) {
				t.Errorf("body %q, want the rendered error page", rec.Body.String())
			}
		}
	}
}

func TestRateLimitBuckets(t *testing.T) {
	tests := []struct {
		name    string
		trusted []string
		first   [2]string // RemoteAddr, X-Forwarded-For
		second  [2]string
		shared  bool
	}{
		{
			name:   "X-Forwarded-For is ignored without trusted proxies",
			first:  [2]string{"192.0.2.1:1", "203.0.113.1"},
			second: [2]string{"192.0.2.1:2", "203.0.113.2"},
			shared: true,
		},
		{
			name:   "different peers get their own bucket",
			first:  [2]string{"192.0.2.1:1", ""},
			second: [2]string{"192.0.2.2:1", ""},
		},
		{
			name:    "forwarded clients behind a trusted proxy are apart",
			trusted: []string{"10.0.0.0/8"},
			first:   [2]string{"10.0.0.1:1", "203.0.113.1"},
			second:  [2]string{"10.0.0.1:2", "203.0.113.2"},
		},
		{
			name:   "one IPv6 /64 is one client",
			first:  [2]string{"[2001:db8::1]:1", ""},
			second: [2]string{"[2001:db8::2]:1", ""},
			shared: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := ClientIP(tt.trusted)(RateLimit(1, time.Minute, renderError)(okHandler))
			var codes []int
			for _, peer := range [][2]string{tt.first, tt.second} {
				r := get(t, "/")
				r.RemoteAddr = peer[0]
				if peer[1] != "" {
					r.Header.Set("X-Forwarded-For", peer[1])
				}
				codes = append(codes, serve(h, r).Code)
			}
			want := []int{http.StatusOK, http.StatusOK}
			if tt.shared {
				want[1] = http.StatusTooManyRequests
			}
			if codes[0] != want[0] || codes[1] != want[1] {
				t.Errorf("statuses %v, want %v", codes, want)
			}
		})
	}
}

func TestRateLimitZeroDisables(t *testing.T) {
	h := RateLimit(0, time.Minute, renderError)(okHandler)
	for range 10 {
		rec := serve(h, get(t, "/"))
		if rec.Code != http.StatusOK || rec.Header().Get("X-RateLimit-Limit") != "" {
			t.Fatalf("status %d with X-RateLimit-Limit %q, want 200 untouched", rec.Code, rec.Header().Get("X-RateLimit-Limit"))
		}
	}
}

func TestAuthRateLimit(t *testing.T) {
	h := ClientIP(nil)(AuthRateLimit(renderError)(okHandler))
	for i := 1; i <= 6; i++ {
		r := newRequest(t, http.MethodPost, "/login")
		r.RemoteAddr = "192.0.2.1:1234"
		want := http.StatusOK
		if i == 6 {
			want = http.StatusTooManyRequests
		}
		if got := serve(h, r).Code; got != want {
			t.Fatalf("request %d: status %d, want %d", i, got, want)
		}
	}
}
