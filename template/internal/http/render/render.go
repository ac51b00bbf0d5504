// Package render writes templ components as HTTP responses: a whole page, or only the part an
// htmx request asked for.
package render

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
)

// The htmx request headers in canonical form: looking up a name that is not canonical makes
// net/http allocate its canonical copy on every request.
const (
	hxRequest        = "Hx-Request"
	hxBoosted        = "Hx-Boosted"
	hxHistoryRestore = "Hx-History-Restore-Request"
)

// IsFragment reports whether r wants only a page's content: an htmx request that is not a
// boosted navigation and not a history restore (both of those need the whole page).
func IsFragment(r *http.Request) bool {
	return r.Header.Get(hxRequest) == "true" &&
		r.Header.Get(hxBoosted) != "true" &&
		r.Header.Get(hxHistoryRestore) != "true"
}

// Page writes full, or content for a fragment request, with status.
func Page(w http.ResponseWriter, r *http.Request, status int, full, content templ.Component) error {
	if IsFragment(r) {
		return Component(w, r, status, content)
	}
	return Component(w, r, status, full)
}

// Component writes c as HTML with status.
//
// The page is rendered into a pooled buffer first and sent in one Write with its
// Content-Length. Rendered straight into w, templ flushes the connection as it goes, so a
// page went out chunked in several socket writes; the buffer also means a template that fails
// half-way sends a clean 500 instead of a truncated page with a 200.
func Component(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	buf := getBuffer()
	defer putBuffer(buf)
	if err := c.Render(r.Context(), buf); err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Redirect sends the browser to url after a successful POST (post/redirect/get). A targeted
// htmx request would swap the redirected page into its target, so it gets HX-Location instead,
// which makes htmx navigate; plain and boosted requests get a 303.
func Redirect(w http.ResponseWriter, r *http.Request, url string) {
	if IsFragment(r) {
		w.Header().Set("HX-Location", url)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// maxPooledBuffer keeps one unusually large page from pinning its memory in the pool.
const maxPooledBuffer = 256 << 10

var buffers = sync.Pool{
	New: func() any { return new(bytes.Buffer) },
}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	buffers.Put(b)
}
