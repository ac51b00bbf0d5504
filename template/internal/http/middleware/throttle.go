package middleware

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Throttle caps the requests served at once at limit, across all clients, so
// a burst queues instead of exhausting memory or database connections. Up to
// backlog more wait as long as backlogTimeout for a slot; the rest get a 503
// with Retry-After at once. It mirrors chi's ThrottleWithOpts, whose
// rejections cannot be rendered as the app's error page.
func Throttle(limit, backlog int, backlogTimeout time.Duration, render ErrorRenderer) func(http.Handler) http.Handler {
	if limit < 1 || backlog < 0 {
		// Config validation rules these out; reaching here is a wiring bug.
		panic(fmt.Sprintf("middleware.Throttle: want limit >= 1 and backlog >= 0, got %d and %d", limit, backlog))
	}
	// A channel's buffer is a counting semaphore: a send takes a slot.
	serving := make(chan struct{}, limit)
	admitted := make(chan struct{}, limit+backlog)
	// By the time the backlog timeout has passed, the queue the client was
	// turned away from has turned over.
	retryAfter := strconv.Itoa(max(1, int((backlogTimeout+time.Second-1)/time.Second)))

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reject := func() {
				w.Header().Set("Retry-After", retryAfter)
				render(w, r, http.StatusServiceUnavailable)
			}

			select {
			case admitted <- struct{}{}:
				defer func() { <-admitted }()
			default:
				reject()
				return
			}

			select {
			case serving <- struct{}{}:
			default:
				timer := time.NewTimer(backlogTimeout)
				defer timer.Stop()
				select {
				case serving <- struct{}{}:
				case <-timer.C:
					reject()
					return
				case <-r.Context().Done():
					reject()
					return
				}
			}
			defer func() { <-serving }()

			next.ServeHTTP(w, r)
		})
	}
}
