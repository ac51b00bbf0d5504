package middleware

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Timeout gives each request a context deadline. Handlers, queries and
// outgoing calls that honour their context stop at d; if the handler then
// returns without having written anything, the client gets a 504 page.
//
// d must stay below the server's WriteTimeout, or the connection is cut
// before the 504 can be written; config validation enforces that.
func Timeout(d time.Duration, render ErrorRenderer) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			rw := wrapWriter(w)
			next.ServeHTTP(rw, r.WithContext(ctx))
			if !rw.written() && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				// r, not the expired context, so rendering the page
				// (translations, say) is not cut short too.
				render(rw, r, http.StatusGatewayTimeout)
			}
		})
	}
}
