// Package middleware holds the app's HTTP middleware. The router applies the
// global ones outermost first: RequestID, ClientIP, Logger, SecurityHeaders,
// Recoverer, ValidURL, Throttle, Timeout, Head, Compress. That order is what lets the logger
// see final statuses and every response, errors included, carry the security
// headers and the request id.
package middleware

import "net/http"

// ErrorRenderer writes the app's error response for status: a full page, an
// htmx fragment, or JSON under /api. Middleware that rejects a request calls
// it instead of http.Error, so rejections look like every other error page.
type ErrorRenderer func(w http.ResponseWriter, r *http.Request, status int)
