package middleware

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// WEB-13.
func TestCompress(t *testing.T) {
	body := strings.Repeat("compressible text ", 200)
	tests := []struct {
		name           string
		contentType    string
		acceptEncoding string
		wantGzip       bool
	}{
		{"HTML", "text/html; charset=utf-8", "gzip, deflate, br", true},
		{"CSS", "text/css; charset=utf-8", "gzip", true},
		{"JavaScript", "text/javascript; charset=utf-8", "gzip", true},
		{"JSON", "application/json", "gzip", true},
		{"SVG", "image/svg+xml", "gzip", true},
		{"PNG is already compressed", "image/png", "gzip", false},
		{"WOFF2 is already compressed", "font/woff2", "gzip", false},
		{"client without gzip", "text/html; charset=utf-8", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Compress(5)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = io.WriteString(w, body)
			}))
			r := get(t, "/")
			if tt.acceptEncoding != "" {
				r.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			rec := serve(h, r)

			gzipped := rec.Header().Get("Content-Encoding") == "gzip"
			if gzipped != tt.wantGzip {
				t.Fatalf("Content-Encoding = %q, want gzip %v", rec.Header().Get("Content-Encoding"), tt.wantGzip)
			}
			got := rec.Body.String()
			if gzipped {
				if v := rec.Header().Get("Vary"); v != "Accept-Encoding" {
					t.Errorf("Vary = %q, want Accept-Encoding", v)
				}
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(zr)
				if err != nil {
					t.Fatal(err)
				}
				got = string(b)
			}
			if got != body {
				t.Errorf("body differs after decoding (%d bytes, want %d)", len(got), len(body))
			}
		})
	}
}

func TestCompressDecidesPerResponse(t *testing.T) {
	long := strings.Repeat("compressible text ", 200)
	preGzipped := gzipped(t, long)
	tests := []struct {
		name           string
		acceptEncoding string
		handler        http.HandlerFunc
		wantStatus     int
		wantGzip       bool
		wantVary       bool
		wantBody       string // after decoding
	}{
		{
			name: "a short body is sent as it is", acceptEncoding: "gzip",
			handler:    writeText("text/html; charset=utf-8", "<p>short</p>"),
			wantStatus: http.StatusOK, wantVary: true, wantBody: "<p>short</p>",
		},
		{
			name: "a long body in small writes is compressed", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				for _, word := range strings.SplitAfter(long, " ") {
					_, _ = io.WriteString(w, word)
				}
			},
			wantStatus: http.StatusOK, wantGzip: true, wantVary: true, wantBody: long,
		},
		{
			name: "a declared long length is compressed and loses its Content-Length", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/css")
				w.Header().Set("Content-Length", strconv.Itoa(len(long)))
				_, _ = io.WriteString(w, long)
			},
			wantStatus: http.StatusOK, wantGzip: true, wantVary: true, wantBody: long,
		},
		{
			name: "gzip;q=0 is a refusal", acceptEncoding: "gzip;q=0, br",
			handler:    writeText("text/html; charset=utf-8", long),
			wantStatus: http.StatusOK, wantVary: true, wantBody: long,
		},
		{
			name: "a wildcard accepts gzip", acceptEncoding: "*",
			handler:    writeText("text/html; charset=utf-8", long),
			wantStatus: http.StatusOK, wantGzip: true, wantVary: true, wantBody: long,
		},
		{
			name: "a refused gzip outranks a wildcard", acceptEncoding: "gzip;q=0, *",
			handler:    writeText("text/html; charset=utf-8", long),
			wantStatus: http.StatusOK, wantVary: true, wantBody: long,
		},
		{
			name: "an already encoded body is left alone", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/css")
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write(preGzipped)
			},
			wantStatus: http.StatusOK, wantGzip: true, wantBody: long,
		},
		{
			name: "an error page is compressed too", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				_, _ = io.WriteString(w, long)
			},
			wantStatus: http.StatusNotFound, wantGzip: true, wantVary: true, wantBody: long,
		},
		{
			name: "a range stays a range of the plain file", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/css")
				w.WriteHeader(http.StatusPartialContent)
				_, _ = io.WriteString(w, long)
			},
			wantStatus: http.StatusPartialContent, wantBody: long,
		},
		{
			name: "304 has no body to compress", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/css")
				w.WriteHeader(http.StatusNotModified)
			},
			wantStatus: http.StatusNotModified,
		},
		{
			name: "a handler that flushes streams compressed", acceptEncoding: "gzip",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				_, _ = io.WriteString(w, "first ")
				w.(http.Flusher).Flush()
				_, _ = io.WriteString(w, "second")
			},
			wantStatus: http.StatusOK, wantGzip: true, wantVary: true, wantBody: "first second",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, "/")
			if tt.acceptEncoding != "" {
				r.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			rec := serve(Compress(5)(tt.handler), r)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			gzipped := rec.Header().Get("Content-Encoding") == "gzip"
			if gzipped != tt.wantGzip {
				t.Errorf("Content-Encoding = %q, want gzip %v", rec.Header().Get("Content-Encoding"), tt.wantGzip)
			}
			if vary := rec.Header().Get("Vary") == "Accept-Encoding"; vary != tt.wantVary {
				t.Errorf("Vary = %q, want Accept-Encoding %v", rec.Header().Get("Vary"), tt.wantVary)
			}
			if n := rec.Header().Get("Content-Length"); gzipped && n != "" && n != strconv.Itoa(rec.Body.Len()) {
				t.Errorf("Content-Length = %s for %d bytes sent", n, rec.Body.Len())
			}
			got := rec.Body.String()
			if gzipped {
				got = gunzip(t, rec.Body.Bytes())
			}
			if got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}
		})
	}
}

// A panic must leave nothing sent, so the Recoverer outside can still send its 500 page.
func TestCompressSendsNothingWhenTheHandlerPanics(t *testing.T) {
	h := Compress(5)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "<p>half a page")
		panic("boom")
	}))
	r := get(t, "/")
	r.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	func() {
		defer func() { _ = recover() }()
		h.ServeHTTP(rec, r)
	}()
	if rec.Body.Len() != 0 || rec.Flushed {
		t.Errorf("sent %q before the panic reached the Recoverer", rec.Body.String())
	}
}

func TestCompressRefusesAnInvalidLevel(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Compress(42) did not panic")
		}
	}()
	Compress(42)
}

func writeText(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = io.WriteString(w, body)
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := io.WriteString(zw, s); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// The gzip writers are pooled: each response must start a fresh stream.
func TestCompressReusesWritersCleanly(t *testing.T) {
	h := Compress(1)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		word := r.URL.Query().Get("word")
		_, _ = io.WriteString(w, strings.Repeat(word, 400))
	}))
	for _, word := range []string{"first", "second", "third"} {
		r := get(t, "/?word="+word)
		r.Header.Set("Accept-Encoding", "gzip")
		rec := serve(h, r)
		if got, want := gunzip(t, rec.Body.Bytes()), strings.Repeat(word, 400); got != want {
			t.Fatalf("response %q decodes to %d bytes starting %.20q", word, len(got), got)
		}
	}
}
