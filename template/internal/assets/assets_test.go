package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/benbjohnson/hashfs"
)

func sha256Hex(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func TestURL(t *testing.T) {
	cssHash := sha256Hex(t, "dist/css/app.css")
	tests := []struct {
		name string
		file string
		want string
	}{
		{"a file gets the sha256 of its content in its name", "css/app.css", "/assets/css/app-" + cssHash + ".css"},
		{"a leading slash is ignored", "/css/app.css", "/assets/css/app-" + cssHash + ".css"},
		{"a missing file keeps its plain name", "css/nope.css", "/assets/css/nope.css"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := URL(tt.file); got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.file, got, tt.want)
			}
		})
	}

	pattern := regexp.MustCompile(`^/assets/css/app-[0-9a-f]{64}\.css$`)
	if got := URL("css/app.css"); !pattern.MatchString(got) {
		t.Errorf("URL(css/app.css) = %q, want a match for %s", got, pattern)
	}
}

func TestHandler(t *testing.T) {
	cssURL := URL("css/app.css")
	cssETag := `"` + sha256Hex(t, "dist/css/app.css") + `"`
	stale := regexp.MustCompile(`-[0-9a-f]{64}\.`).ReplaceAllString(cssURL, "-"+strings.Repeat("0", 64)+".")

	tests := []struct {
		name       string
		method     string
		path       string
		header     map[string]string
		wantStatus int
		wantCache  string
		wantType   string
		wantETag   string
	}{
		{
			name: "a current hashed name is cached for a year as immutable", path: cssURL,
			wantStatus: http.StatusOK, wantCache: cacheHashed, wantType: "text/css; charset=utf-8", wantETag: cssETag,
		},
		{
			name: "a matching If-None-Match gives 304", path: cssURL, header: map[string]string{"If-None-Match": cssETag},
			wantStatus: http.StatusNotModified, wantCache: cacheHashed, wantETag: cssETag,
		},
		{
			name: "an unhashed name must be revalidated", path: "/assets/css/app.css",
			wantStatus: http.StatusOK, wantCache: cacheUnhashed, wantType: "text/css; charset=utf-8", wantETag: cssETag,
		},
		{
			name: "an unhashed name with a matching If-None-Match gives 304", path: "/assets/css/app.css",
			header: map[string]string{"If-None-Match": cssETag}, wantStatus: http.StatusNotModified, wantCache: cacheUnhashed,
		},
		{name: "a stale hash is not found", path: stale, wantStatus: http.StatusNotFound},
		{
			name: "app.js is served as JavaScript", path: URL("js/app.js"),
			wantStatus: http.StatusOK, wantCache: cacheHashed, wantType: "text/javascript; charset=utf-8",
		},
		{
			name: "a vendored script is served as JavaScript", path: URL("vendor/htmx.min.js"),
			wantStatus: http.StatusOK, wantCache: cacheHashed, wantType: "text/javascript; charset=utf-8",
		},
		{
			name: "HEAD gives the headers of GET", method: http.MethodHead, path: cssURL,
			wantStatus: http.StatusOK, wantCache: cacheHashed, wantType: "text/css; charset=utf-8",
		},
		{name: "a missing file is not found", path: "/assets/css/nope.css", wantStatus: http.StatusNotFound},
		{name: "a directory is not found", path: "/assets/css", wantStatus: http.StatusNotFound},
		{name: "the prefix alone is not found", path: "/assets/", wantStatus: http.StatusNotFound},
		{name: "a path out of dist is not found", path: "/assets/../assets.go", wantStatus: http.StatusNotFound},
		{name: "POST is not allowed", method: http.MethodPost, path: cssURL, wantStatus: http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, Handler(), tt.method, tt.path, tt.header)

			res := rec.Result()
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.wantStatus)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			if got := res.Header.Get("Cache-Control"); tt.wantCache != "" && got != tt.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.wantCache)
			}
			if got := res.Header.Get("Content-Type"); tt.wantType != "" && got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if got := res.Header.Get("ETag"); tt.wantETag != "" && got != tt.wantETag {
				t.Errorf("ETag = %q, want %q", got, tt.wantETag)
			}
			if tt.method == http.MethodHead && rec.Body.Len() != 0 {
				t.Errorf("HEAD returned a body of %d bytes", rec.Body.Len())
			}
		})
	}
}

func TestHandlerContentTypes(t *testing.T) {
	idx, err := newIndex(fstest.MapFS{
		"images/logo.svg":   {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"images/logo.png":   {Data: []byte("\x89PNG\r\n\x1a\n")},
		"css/print.css":     {Data: []byte("body{color:#000}")},
		"js/extra.js":       {Data: []byte("void 0")},
		"fonts/inter.woff2": {Data: []byte("wOF2")},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		want string
	}{
		{"images/logo.svg", "image/svg+xml"},
		{"images/logo.png", "image/png"},
		{"css/print.css", "text/css; charset=utf-8"},
		{"js/extra.js", "text/javascript; charset=utf-8"},
		{"fonts/inter.woff2", "font/woff2"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			hashed := idx.byName[tt.file].url
			if want := Prefix + hashfs.FormatName(tt.file, sha256Of(idx.byName[tt.file].body)); hashed != want {
				t.Fatalf("hashed URL = %q, want %q", hashed, want)
			}
			for _, path := range []string{hashed, Prefix + tt.file} {
				rec := httptest.NewRecorder()
				newHandler(idx).ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s: status %d", path, rec.Code)
				}
				if got := rec.Header().Get("Content-Type"); got != tt.want {
					t.Errorf("GET %s: Content-Type = %q, want %q", path, got, tt.want)
				}
			}
		})
	}
}

// serve sends one request to h: method (GET when empty) and path with the given headers.
func serve(t *testing.T, h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	req := httptest.NewRequestWithContext(t.Context(), method, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func sha256Of(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// WEB-13: the precompressed copies. The CSS is big enough to compress; the PNG never is.
func TestHandlerEncodings(t *testing.T) {
	css := bytes.Repeat([]byte(".a{color:red}\n"), 200)
	idx, err := newIndex(fstest.MapFS{
		"css/big.css":     {Data: css},
		"images/logo.png": {Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 200)},
	})
	if err != nil {
		t.Fatal(err)
	}
	cssURL, pngURL := idx.byName["css/big.css"].url, idx.byName["images/logo.png"].url
	plainETag := `"` + sha256Of(css) + `"`
	gzipETag := `"` + sha256Of(css) + `-gzip"`

	tests := []struct {
		name           string
		method         string
		path           string
		header         map[string]string
		wantStatus     int
		wantEncoding   string
		wantETag       string
		wantVary       bool
		wantFullLength bool // Content-Length is that of the body GET sends
	}{
		{
			name: "gzip accepted gets the gzip copy", path: cssURL, header: map[string]string{"Accept-Encoding": "gzip, deflate, br"},
			wantStatus: http.StatusOK, wantEncoding: "gzip", wantETag: gzipETag, wantVary: true, wantFullLength: true,
		},
		{
			name: "no Accept-Encoding gets the file as it is", path: cssURL,
			wantStatus: http.StatusOK, wantETag: plainETag, wantVary: true, wantFullLength: true,
		},
		{
			name: "gzip;q=0 is a refusal", path: cssURL, header: map[string]string{"Accept-Encoding": "gzip;q=0, br"},
			wantStatus: http.StatusOK, wantETag: plainETag, wantVary: true, wantFullLength: true,
		},
		{
			name: "a wildcard accepts gzip", path: cssURL, header: map[string]string{"Accept-Encoding": "*"},
			wantStatus: http.StatusOK, wantEncoding: "gzip", wantETag: gzipETag, wantVary: true, wantFullLength: true,
		},
		{
			name: "the gzip ETag revalidates the gzip copy", path: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gzipETag},
			wantStatus: http.StatusNotModified, wantETag: gzipETag, wantVary: true,
		},
		{
			name: "a weak If-None-Match among others still matches", path: cssURL,
			header:     map[string]string{"If-None-Match": `"other", W/` + plainETag},
			wantStatus: http.StatusNotModified, wantETag: plainETag, wantVary: true,
		},
		{
			name: "the plain ETag does not revalidate the gzip copy", path: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip", "If-None-Match": plainETag},
			wantStatus: http.StatusOK, wantEncoding: "gzip", wantETag: gzipETag, wantVary: true, wantFullLength: true,
		},
		{
			name: "HEAD has GET's headers and length", method: http.MethodHead, path: cssURL,
			header:     map[string]string{"Accept-Encoding": "gzip"},
			wantStatus: http.StatusOK, wantEncoding: "gzip", wantETag: gzipETag, wantVary: true, wantFullLength: true,
		},
		{
			name: "an image is never compressed", path: pngURL, header: map[string]string{"Accept-Encoding": "gzip"},
			wantStatus: http.StatusOK, wantETag: `"` + sha256Of(idx.byName["images/logo.png"].body) + `"`, wantFullLength: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, newHandler(idx), tt.method, tt.path, tt.header)

			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.wantEncoding)
			}
			if got := rec.Header().Get("ETag"); got != tt.wantETag {
				t.Errorf("ETag = %q, want %q", got, tt.wantETag)
			}
			if got := rec.Header().Get("Vary") == "Accept-Encoding"; got != tt.wantVary {
				t.Errorf("Vary = %q, want Accept-Encoding: %v", rec.Header().Get("Vary"), tt.wantVary)
			}
			if tt.wantStatus == http.StatusNotModified && rec.Body.Len() != 0 {
				t.Errorf("304 with a body of %d bytes", rec.Body.Len())
			}
			if !tt.wantFullLength {
				return
			}
			// GET's body, decoded, must be the file; HEAD must announce GET's length.
			header := maps.Clone(tt.header)
			delete(header, "If-None-Match")
			full := serve(t, newHandler(idx), http.MethodGet, tt.path, header)
			if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(full.Body.Len()) {
				t.Errorf("Content-Length = %s, want %d", got, full.Body.Len())
			}
			if tt.method == http.MethodHead && rec.Body.Len() != 0 {
				t.Errorf("HEAD returned a body of %d bytes", rec.Body.Len())
			}
			body := full.Body.Bytes()
			if tt.wantEncoding == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if want := idx.byHashed[strings.TrimPrefix(tt.path, Prefix)].body; !bytes.Equal(body, want) {
				t.Errorf("decoded body is %d bytes, want the file's %d", len(body), len(want))
			}
		})
	}
}

func TestHandlerRange(t *testing.T) {
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, URL("css/app.css"), nil)
	req.Header.Set("Range", "bytes=0-9")
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	css, err := os.ReadFile("dist/css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), css[:10]) {
		t.Errorf("Range bytes=0-9: status %d, body %q, want 206 and %q", rec.Code, rec.Body.Bytes(), css[:10])
	}
}

// manifest is web/vendor/manifest.json: where each vendored script comes from.
type manifest struct {
	Files []struct {
		File        string `json:"file"`
		Package     string `json:"package"`
		Version     string `json:"version"`
		SHA256      string `json:"sha256"`
		License     string `json:"license"`
		LicenseFile string `json:"licenseFile"`
	} `json:"files"`
}

func TestVendoredScriptsMatchTheManifest(t *testing.T) {
	data, err := os.ReadFile("web/vendor/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if len(m.Files) == 0 {
		t.Fatal("manifest.json lists no files")
	}

	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.File] = true
		if f.Package == "" || f.Version == "" || f.License == "" {
			t.Errorf("%s: package, version and license are required", f.File)
		}
		if _, err := os.Stat(filepath.Join("web/vendor", f.LicenseFile)); err != nil {
			t.Errorf("%s: licence text: %v", f.File, err)
		}
		for _, dir := range []string{"web/vendor", "dist/vendor"} {
			if got := sha256Hex(t, filepath.Join(dir, f.File)); got != f.SHA256 {
				t.Errorf("%s/%s: sha256 %s, manifest says %s", dir, f.File, got, f.SHA256)
			}
		}
	}

	for _, dir := range []string{"web/vendor", "dist/vendor"} {
		scripts, err := filepath.Glob(filepath.Join(dir, "*.js"))
		if err != nil {
			t.Fatal(err)
		}
		for _, script := range scripts {
			if !listed[filepath.Base(script)] {
				t.Errorf("%s is not in web/vendor/manifest.json", script)
			}
		}
	}
}

// dist/ is committed; build.sh refreshes it. A stale copy of app.js would ship old code.
func TestDistHoldsTheCurrentAppJS(t *testing.T) {
	src, err := os.ReadFile("web/js/app.js")
	if err != nil {
		t.Fatal(err)
	}
	built, err := os.ReadFile("dist/js/app.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, built) {
		t.Error("dist/js/app.js differs from web/js/app.js: run sh internal/assets/build.sh")
	}
}

func TestDistCSSIsBuiltAndMinified(t *testing.T) {
	css, err := os.ReadFile("dist/css/app.css")
	if err != nil {
		t.Fatal(err)
	}
	// The indicator rule comes from web/css/app.css; its minified form shows the build ran.
	if !bytes.Contains(css, []byte(".htmx-indicator{opacity:0}")) {
		t.Error("dist/css/app.css lacks the minified htmx indicator rule: run sh internal/assets/build.sh")
	}
}
