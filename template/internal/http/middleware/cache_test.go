package middleware

import (
	"net/http"
	"slices"
	"testing"
)

// cookieOnHeader mimics scs's LoadAndSave: it adds the session cookie when
// the status is written, not before.
func cookieOnHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := wrapWriter(w)
		rw.beforeHeader = func(h http.Header) {
			h.Add("Set-Cookie", "session=abc; Path=/; HttpOnly")
			h.Add("Cache-Control", `no-cache="Set-Cookie"`)
		}
		next.ServeHTTP(rw, r)
	})
}

// WEB-16.
func TestHTMLCachePolicy(t *testing.T) {
	setCookie := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "flash", Value: "saved"})
		okHandler(w, r)
	})
	ownPolicy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=60")
		okHandler(w, r)
	})
	alreadyVaries := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept-Encoding, hx-request")
		okHandler(w, r)
	})
	emptyBody := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

	tests := []struct {
		name         string
		handler      http.Handler
		cacheControl []string
		vary         []string
	}{
		{"page revalidates", HTMLCachePolicy(okHandler), []string{"private, no-cache"}, []string{"HX-Request"}},
		{"empty response gets the policy too", HTMLCachePolicy(emptyBody), []string{"private, no-cache"}, []string{"HX-Request"}},
		{"handler's own policy is kept", HTMLCachePolicy(ownPolicy), []string{"public, max-age=60"}, []string{"HX-Request"}},
		{"cookie means no-store", HTMLCachePolicy(setCookie), []string{"no-store"}, []string{"HX-Request"}},
		{"session cookie added at write time means no-store", HTMLCachePolicy(cookieOnHeader(okHandler)), []string{"no-store"}, []string{"HX-Request"}},
		{"HX-Request is not repeated", HTMLCachePolicy(alreadyVaries), []string{"private, no-cache"}, []string{"Accept-Encoding, hx-request"}},
		{"protected page stays no-store", HTMLCachePolicy(NoStore(okHandler)), []string{"no-store"}, []string{"HX-Request"}},
		{"NoStore alone", NoStore(okHandler), []string{"no-store"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := serve(tt.handler, get(t, "/")).Header()
			if got := h.Values("Cache-Control"); !slices.Equal(got, tt.cacheControl) {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cacheControl)
			}
			if got := h.Values("Vary"); !slices.Equal(got, tt.vary) {
				t.Errorf("Vary = %q, want %q", got, tt.vary)
			}
		})
	}
}
