package middleware

import (
	"compress/gzip"
	"io"
	"net/http"
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
