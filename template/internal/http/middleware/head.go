package middleware

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
)

// Head answers HEAD on every GET route: chi's GetHead sends it to the GET handler, and the
// body that handler writes is dropped here. It must sit outside Compress. net/http drops a
// HEAD body too, but only after counting it into a Content-Length, and what it would count is
// the compressor's output: for http.ServeContent, which writes no body for HEAD, the 23 bytes
// of an empty gzip stream. With nothing written, HEAD gets GET's status and headers and no
// Content-Length, which HTTP allows. Outside a chi router (the probes), next is the GET
// handler already and gets HEAD as it is.
func Head(next http.Handler) http.Handler {
	getHead := chimw.GetHead(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if chi.RouteContext(r.Context()) == nil {
			next.ServeHTTP(headWriter{w}, r)
			return
		}
		getHead.ServeHTTP(headWriter{w}, r)
	})
}

// headWriter drops the body of a response; the status and headers go through.
type headWriter struct {
	http.ResponseWriter
}

func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }

// Unwrap lets http.ResponseController reach the connection's writer.
func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
