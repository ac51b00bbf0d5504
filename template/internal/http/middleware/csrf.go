package middleware

import (
	"fmt"
	"net/http"
)

// CSRF rejects cross-origin POST, PUT, PATCH and DELETE requests from
// browsers with a 403 page, using the Sec-Fetch-Site and Origin headers that
// browsers set and pages cannot forge. Unlike token schemes, forms and htmx
// requests need nothing extra. GET, HEAD and OPTIONS always pass, so they
// must never change state.
//
// trustedOrigins (scheme://host[:port]) may post across origins anyway, e.g.
// a separate front end. A malformed one is an error.
func CSRF(trustedOrigins []string, render ErrorRenderer) (func(http.Handler) http.Handler, error) {
	p := http.NewCrossOriginProtection()
	for _, origin := range trustedOrigins {
		if err := p.AddTrustedOrigin(origin); err != nil {
			return nil, fmt.Errorf("csrf: %w", err)
		}
	}
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		render(w, r, http.StatusForbidden)
	}))
	return p.Handler, nil
}
