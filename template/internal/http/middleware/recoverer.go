package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Recoverer turns a panic into a logged stack trace and a 500 page, so one
// bad request neither kills the connection silently nor the process.
//
// http.ErrAbortHandler is re-panicked: it is how a handler asks net/http to
// drop the connection. If the handler had already started its response, the
// 500 can no longer be sent, so the connection is dropped the same way;
// finishing the response normally would pass a truncated page off as
// complete.
func Recoverer(log zerolog.Logger, render ErrorRenderer) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rw := wrapWriter(w)
			defer func() {
				p := recover()
				if p == nil {
					return
				}
				if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(p)
				}
				// The span records the panic too, so the trace shows which request broke
				// and where, beside the line with its stack.
				span := trace.SpanFromContext(r.Context())
				span.RecordError(fmt.Errorf("panic: %v", p), trace.WithStackTrace(true))
				span.SetStatus(codes.Error, "panic")
				log.Error().Ctx(r.Context()).
					Str("method", r.Method).
					Str("path", r.URL.Path).
					Interface("panic", p).
					Str("stack", string(debug.Stack())).
					Msg("panic")
				if rw.written() {
					panic(http.ErrAbortHandler)
				}
				// These described the response the handler never finished.
				h := rw.Header()
				h.Del("Content-Length")
				h.Del("Content-Type")
				h.Del("Set-Cookie")
				render(rw, r, http.StatusInternalServerError)
			}()
			next.ServeHTTP(rw, r)
		})
	}
}
