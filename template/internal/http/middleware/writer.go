package middleware

import (
	"bufio"
	"net"
	"net/http"
)

// responseWriter records what a handler sent, for middleware that acts on the
// response: the logger needs the final status and size, the timeout whether
// anything was written, the cache policy a last look at the headers.
type responseWriter struct {
	http.ResponseWriter
	status int // 0 until the status line is written
	bytes  int64
	// beforeHeader, when set, runs once just before the status line goes
	// out: the last moment the headers can change.
	beforeHeader func(h http.Header)
}

func wrapWriter(w http.ResponseWriter) *responseWriter {
	return &responseWriter{ResponseWriter: w}
}

func (w *responseWriter) WriteHeader(status int) {
	// 1xx responses such as 103 Early Hints precede the real one.
	informational := status >= 100 && status < 200 && status != http.StatusSwitchingProtocols
	if !informational && w.status == 0 {
		if w.beforeHeader != nil {
			w.beforeHeader(w.Header())
		}
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush and Hijack are methods rather than left to http.ResponseController
// because chi's compressor and most websocket libraries use type assertions.
func (w *responseWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the server's writer, e.g. to
// extend a deadline for one slow download.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *responseWriter) written() bool { return w.status != 0 }
