package resilience

import (
	"net/http"
	"strconv"
	"time"
)

// RetryAfter reads an HTTP Retry-After header (seconds, or an HTTP date) as the wait it asks
// for, for interfaces.Transient. Unreadable or in the past: 0, and the backoff decides.
func RetryAfter(value string, now time.Time) time.Duration {
	if value == "" {
		return 0
	}
	if secs, err := strconv.Atoi(value); err == nil {
		return max(time.Duration(secs)*time.Second, 0)
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0)
	}
	return 0
}
