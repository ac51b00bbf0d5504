package middleware

import (
	"net/http"
	"strings"
)

// HTMLCachePolicy makes browsers revalidate pages instead of reusing them,
// and keeps them out of shared caches: pages show per-user data. A handler's
// own Cache-Control is kept, except that any response setting a cookie gets
// no-store, since a cached Set-Cookie could hand one user's session to
// another. htmx requests get fragments, hence Vary: HX-Request.
//
// The decision is made when the status goes out, so mount this outside
// (before) anything that adds cookies at that moment, such as scs's
// LoadAndSave; mounted inside it, this would not see the session cookie.
func HTMLCachePolicy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := wrapWriter(w)
		rw.beforeHeader = cachePolicy
		next.ServeHTTP(rw, r)
		if !rw.written() {
			// net/http sends the status of an empty response after we
			// return, and an outer middleware may still write an error.
			cachePolicy(rw.Header())
		}
	})
}

func cachePolicy(h http.Header) {
	switch {
	case len(h.Values("Set-Cookie")) > 0:
		h.Set("Cache-Control", "no-store")
	case h.Get("Cache-Control") == "":
		h.Set("Cache-Control", "private, no-cache")
	}
	if !varies(h, "HX-Request") {
		h.Add("Vary", "HX-Request")
	}
}

// NoStore forbids storing the response anywhere, for pages behind a login
// and for probes, which must reflect the moment.
func NoStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for field := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(field), name) {
				return true
			}
		}
	}
	return false
}
