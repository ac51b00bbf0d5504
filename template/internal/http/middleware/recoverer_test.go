package middleware

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestRecoverer(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		wantPanic any // what must escape the Recoverer; nil means none
		status    int
		body      string
		logged    bool
	}{
		{
			name:    "no panic passes through",
			handler: okHandler,
			status:  http.StatusOK,
			body:    "ok",
		},
		{
			name:    "panic renders 500",
			handler: func(http.ResponseWriter, *http.Request) { panic("boom") },
			status:  http.StatusInternalServerError,
			body:    renderedBody(http.StatusInternalServerError),
			logged:  true,
		},
		{
			name: "panic with an error value renders 500",
			handler: func(http.ResponseWriter, *http.Request) {
				panic(errors.New("boom"))
			},
			status: http.StatusInternalServerError,
			body:   renderedBody(http.StatusInternalServerError),
			logged: true,
		},
		{
			name: "half-built headers are dropped",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "9999")
				w.Header().Set("Set-Cookie", "half=done")
				panic("boom")
			},
			status: http.StatusInternalServerError,
			body:   renderedBody(http.StatusInternalServerError),
			logged: true,
		},
		{
			name:      "abort handler is passed on",
			handler:   func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) },
			wantPanic: http.ErrAbortHandler,
		},
		{
			name: "panic after the response started aborts the connection",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte("partial"))
				panic("boom")
			},
			wantPanic: http.ErrAbortHandler,
			logged:    true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			h := RequestID(Recoverer(testLogger(&buf), renderError)(tt.handler))
			r := get(t, "/boom?secret=1")
			r.Header.Set(RequestIDHeader, "req-1")

			var escaped any
			func() {
				defer func() { escaped = recover() }()
				rr := serve(h, r)
				if rr.Code != tt.status || rr.Body.String() != tt.body {
					t.Errorf("response %d %q, want %d %q", rr.Code, rr.Body.String(), tt.status, tt.body)
				}
				for _, name := range []string{"Set-Cookie", "Content-Length"} {
					if v := rr.Header().Get(name); v != "" && tt.status == http.StatusInternalServerError {
						t.Errorf("500 carries the failed handler's %s: %q", name, v)
					}
				}
			}()
			if escaped != tt.wantPanic {
				t.Errorf("escaped panic = %v, want %v", escaped, tt.wantPanic)
			}

			out := buf.String()
			if !tt.logged {
				if out != "" {
					t.Errorf("unexpected log: %s", out)
				}
				return
			}
			line := onlyLine(t, &buf)
			if line["level"] != "error" || line["request_id"] != "req-1" || line["path"] != "/boom" {
				t.Errorf("log line = %v, want an error with request_id req-1 and path /boom", line)
			}
			if stack, _ := line["stack"].(string); !strings.Contains(stack, "recoverer_test.go") {
				t.Errorf("stack does not reach the panicking handler:\n%s", stack)
			}
		})
	}
}

// WEB-10: the panic costs one request, not the server.
func TestRecovererKeepsServing(t *testing.T) {
	first := true
	h := Recoverer(zerolog.Nop(), renderError)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if first {
			first = false
			panic("boom")
		}
		okHandler(w, r)
	}))
	for _, want := range []int{http.StatusInternalServerError, http.StatusOK} {
		if got := serve(h, get(t, "/")).Code; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
	}
}
