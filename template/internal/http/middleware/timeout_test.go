package middleware

import (
	"net/http"
	"testing"
	"time"
)

// WEB-12.
func TestTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int
		body    string
	}{
		{
			name: "handler waiting on its context gets a 504",
			handler: func(_ http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			},
			status: http.StatusGatewayTimeout,
			body:   renderedBody(http.StatusGatewayTimeout),
		},
		{
			name:    "fast handler is untouched",
			handler: okHandler,
			status:  http.StatusOK,
			body:    "ok",
		},
		{
			name: "response already written is kept",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusAccepted)
				<-r.Context().Done()
			},
			status: http.StatusAccepted,
		},
		{
			name: "handler ignoring its context keeps its own answer",
			handler: func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(80 * time.Millisecond)
				okHandler(w, r)
			},
			status: http.StatusOK,
			body:   "ok",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(Timeout(50*time.Millisecond, renderError)(tt.handler), get(t, "/"))
			if rec.Code != tt.status || rec.Body.String() != tt.body {
				t.Errorf("response %d %q, want %d %q", rec.Code, rec.Body.String(), tt.status, tt.body)
			}
		})
	}
}

func TestTimeoutSetsDeadline(t *testing.T) {
	var deadline time.Time
	var ok bool
	h := Timeout(time.Minute, renderError)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		deadline, ok = r.Context().Deadline()
	}))
	serve(h, get(t, "/"))
	if left := time.Until(deadline); !ok || left <= 0 || left > time.Minute {
		t.Errorf("deadline in %s (set %v), want within a minute", left, ok)
	}
}
