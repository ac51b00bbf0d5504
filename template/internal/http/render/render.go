// Package render writes templ components as HTTP responses: a whole page, or only the part an
// htmx request asked for.
package render

import (
	"net/http"

	"github.com/a-h/templ"
)

// IsFragment reports whether r wants only a page's content: an htmx request that is not a
// boosted navigation and not a history restore (both of those need the whole page).
func IsFragment(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" &&
		r.Header.Get("HX-Boosted") != "true" &&
		r.Header.Get("HX-History-Restore-Request") != "true"
}

// Page writes full, or content for a fragment request, with status.
func Page(w http.ResponseWriter, r *http.Request, status int, full, content templ.Component) error {
	if IsFragment(r) {
		return Component(w, r, status, content)
	}
	return Component(w, r, status, full)
}

// Component writes c as HTML with status.
func Component(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return c.Render(r.Context(), w)
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
