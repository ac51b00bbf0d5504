package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
)

func TestHeadAnswersLikeGetWithoutABody(t *testing.T) {
	css := strings.Repeat("body { color: black; }\n", 200)
	router := chi.NewRouter()
	router.Use(Head, Compress(5))
	router.Get("/page", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, "<html>"+strings.Repeat("<p>text</p>", 500)+"</html>")
	})
	router.Get("/app.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		http.ServeContent(w, r, "app.css", time.Time{}, strings.NewReader(css))
	})
	router.Get("/gone", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) })
	router.Post("/form", func(w http.ResponseWriter, _ *http.Request) {})
	srv := httptest.NewServer(router)
	t.Cleanup(srv.Close)
	// The transport must neither ask for gzip on its own nor decompress what it gets.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}

	send := func(t *testing.T, method, path, encoding string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if encoding != "" {
			req.Header.Set("Accept-Encoding", encoding)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		if closeErr := resp.Body.Close(); err == nil {
			err = closeErr
		}
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}

	tests := []struct {
		name, path, encoding string
		wantStatus           int
	}{
		{"page", "/page", "", http.StatusOK},
		{"compressed page", "/page", "gzip", http.StatusOK},
		{"served file", "/app.css", "", http.StatusOK},
		{"compressed served file", "/app.css", "gzip", http.StatusOK},
		{"an error status", "/gone", "", http.StatusGone},
		{"a POST-only route", "/form", "", http.StatusMethodNotAllowed},
		{"no route", "/missing", "gzip", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get, getBody := send(t, http.MethodGet, tt.path, tt.encoding)
			head, headBody := send(t, http.MethodHead, tt.path, tt.encoding)
			if get.StatusCode != tt.wantStatus || head.StatusCode != tt.wantStatus {
				t.Fatalf("GET %d, HEAD %d; want %d", get.StatusCode, head.StatusCode, tt.wantStatus)
			}
			if len(headBody) != 0 {
				t.Fatalf("HEAD has a %d-byte body", len(headBody))
			}
			for _, h := range []string{"Content-Type", "Content-Encoding", "Vary", "Last-Modified", "Accept-Ranges"} {
				if got, want := head.Header.Get(h), get.Header.Get(h); got != want {
					t.Errorf("HEAD %s = %q, GET has %q", h, got, want)
				}
			}
			// HEAD may leave Content-Length out; when it sends one, it is GET's.
			if n := head.Header.Get("Content-Length"); n != "" && head.ContentLength != int64(len(getBody)) {
				t.Errorf("HEAD Content-Length %s, GET's body has %d bytes", n, len(getBody))
			}
		})
	}
}
