package middleware

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// blocking returns a handler that reports each request entering it and then
// waits for release to be closed.
func blocking() (h http.Handler, entered chan struct{}, release chan struct{}) {
	entered = make(chan struct{}, 10)
	release = make(chan struct{})
	h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
		okHandler(w, r)
	})
	return h, entered, release
}

// WEB-11: with every slot taken, the next request is turned away or queued.
func TestThrottle(t *testing.T) {
	tests := []struct {
		name           string
		backlog        int
		backlogTimeout time.Duration
		wantSecond     int
		wantRetryAfter string
	}{
		{"no backlog rejects at once", 0, 10 * time.Second, http.StatusServiceUnavailable, "10"},
		{"backlog timeout rejects", 1, 30 * time.Millisecond, http.StatusServiceUnavailable, "1"},
		{"backlog waits for a slot", 1, 10 * time.Second, http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slow, entered, release := blocking()
			h := Throttle(1, tt.backlog, tt.backlogTimeout, renderError)(slow)

			first := make(chan *httptest.ResponseRecorder, 1)
			go func() { first <- serve(h, get(t, "/")) }()
			<-entered

			second := make(chan *httptest.ResponseRecorder, 1)
			go func() { second <- serve(h, get(t, "/")) }()
			if tt.wantSecond == http.StatusOK {
				// Let it queue, then free the slot it waits for.
				time.Sleep(30 * time.Millisecond)
				if len(entered) != 0 {
					t.Fatal("second request ran beside the first")
				}
				close(release)
			}
			rec := <-second
			if tt.wantSecond != http.StatusOK {
				close(release)
			}

			if rec.Code != tt.wantSecond {
				t.Errorf("second request: status %d, want %d", rec.Code, tt.wantSecond)
			}
			if got := rec.Header().Get("Retry-After"); got != tt.wantRetryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.wantRetryAfter)
			}
			if tt.wantSecond != http.StatusOK && rec.Body.String() != renderedBody(tt.wantSecond) {
				t.Errorf("body %q, want the rendered error page", rec.Body.String())
			}
			if rec := <-first; rec.Code != http.StatusOK {
				t.Errorf("first request: status %d, want 200", rec.Code)
			}
		})
	}
}

func TestThrottleFreesSlots(t *testing.T) {
	h := Throttle(1, 0, time.Second, renderError)(okHandler)
	for i := range 3 {
		if got := serve(h, get(t, "/")).Code; got != http.StatusOK {
			t.Fatalf("request %d: status %d, want 200", i, got)
		}
	}
}

func TestThrottleRejectsBadLimits(t *testing.T) {
	for _, limits := range [][2]int{{0, 0}, {1, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Throttle(%d, %d) did not panic", limits[0], limits[1])
				}
			}()
			Throttle(limits[0], limits[1], time.Second, renderError)
		}()
	}
}
