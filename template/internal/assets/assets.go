// Package assets serves the browser files in dist/ (CSS, scripts, images) from the binary.
//
// Each file has a content-hashed URL, so browsers may cache it for a year: a changed file gets
// a new URL. dist/ is built from web/ by build.sh and committed, so building the app needs no Node.
package assets

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/benbjohnson/hashfs"
)

// Prefix is the URL path under which Handler serves dist/.
const Prefix = "/assets/"

const (
	cacheHashed   = "public, max-age=31536000, immutable"
	cacheUnhashed = "no-cache"
)

//go:embed all:dist
var embedded embed.FS

// files is dist/ with hashed names; hashfs hashes each file on first use and remembers it.
var files = hashfs.NewFS(subdir(embedded, "dist"))

func subdir(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // only for an invalid dir, which a constant is not
	}
	return sub
}

// URL returns the content-hashed URL of a file in dist, e.g. URL("css/app.css") is
// "/assets/css/app-<sha256 hex>.css". For a missing file it returns the unhashed URL, so a
// typo shows up as a 404 in the browser.
func URL(name string) string {
	return Prefix + files.HashName(strings.TrimPrefix(name, "/"))
}

// Handler serves dist under Prefix; mount it at "/assets/*" (it strips the prefix itself).
func Handler() http.Handler {
	return newHandler(files)
}

type handler struct {
	files *hashfs.FS
}

func newHandler(files *hashfs.FS) *handler {
	return &handler{files: files}
}

// ServeHTTP serves a current hashed name as immutable, an unhashed name as no-cache (with an
// ETag, so revalidation is cheap) and anything else, including a stale hash, as 404.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}

	name := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, Prefix), "/")
	if !fs.ValidPath(name) || name == "." {
		http.NotFound(w, r)
		return
	}

	cache := cacheUnhashed
	if base, hash := h.files.ParseName(name); hash != "" && h.files.HashName(base) == name {
		name, cache = base, cacheHashed
	}

	f, err := h.files.Open(name) // a stale hashed name exists under no name, so it is a 404
	if errors.Is(err, fs.ErrNotExist) {
		http.NotFound(w, r)
		return
	} else if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	defer f.Close()

	info, err := f.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	content, ok := f.(io.ReadSeeker)
	if !ok { // embed.FS files are seekable
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}

	_, hash := h.files.ParseName(h.files.HashName(name))
	w.Header().Set("Cache-Control", cache)
	w.Header().Set("ETag", `"`+hash+`"`)
	w.Header().Set("Content-Type", contentType(name))
	// ServeContent answers If-None-Match against the ETag (304), HEAD and Range requests.
	http.ServeContent(w, r, name, info.ModTime(), content)
}

// contentTypes fixes the types browsers are strict about; the system's MIME table may differ
// (some list .js as application/x-javascript).
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".txt":   "text/plain; charset=utf-8",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
