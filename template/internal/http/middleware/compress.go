package middleware

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// compressibleTypes are the text formats the app serves. Images and fonts
// are left alone: PNG, JPEG, WebP and WOFF2 are compressed already, and
// compressing them again costs CPU for nothing.
var compressibleTypes = map[string]bool{
	"text/html":              true,
	"text/css":               true,
	"text/plain":             true,
	"text/javascript":        true,
	"application/javascript": true,
	"application/json":       true,
	"image/svg+xml":          true,
}

// minCompressSize is the smallest body worth compressing: below about one
// network packet, gzip saves no round trip, and its header and trailer alone
// are 18 bytes.
const minCompressSize = 1024

// Compress gzips text responses of at least minCompressSize bytes for clients
// that accept gzip, at level (1 fastest to 9 smallest; for pages made per
// request 1 is the usual choice, nginx's default too: half the CPU of 5 for
// about 7% more bytes). It leaves alone any response that already has a
// Content-Encoding, such as the precompressed assets. Responses of a
// compressible type carry Vary: Accept-Encoding, compressed or not, so caches
// keep the variants apart.
//
// The body is held back until minCompressSize bytes have arrived or the
// handler returns, so a short response goes out as it is, with its length.
// An invalid level panics here, at startup.
func Compress(level int) func(http.Handler) http.Handler {
	if _, err := gzip.NewWriterLevel(io.Discard, level); err != nil {
		panic(fmt.Sprintf("middleware.Compress: %v", err))
	}
	// A gzip writer is about 1 MB of tables; allocating one per response
	// would cost more than the compression.
	writers := &sync.Pool{New: func() any {
		g := &pooledGzip{}
		g.zw, _ = gzip.NewWriterLevel(&g.dst, level)
		return g
	}}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cw := &compressWriter{ResponseWriter: w, writers: writers, accepted: AcceptsEncoding(r.Header, "gzip")}
			defer cw.release()
			next.ServeHTTP(cw, r)
			// Not deferred: after a panic, what was held back must not go
			// out, so that the Recoverer can still send its 500 page.
			cw.finish()
		})
	}
}

// AcceptsEncoding reports whether the request's Accept-Encoding allows
// coding: listed by name, or covered by "*" when not named, and not with q=0.
func AcceptsEncoding(h http.Header, coding string) bool {
	star := false
	for _, value := range h.Values("Accept-Encoding") {
		for item := range strings.SplitSeq(value, ",") {
			name, params, _ := strings.Cut(item, ";")
			name = strings.TrimSpace(name)
			switch {
			case strings.EqualFold(name, coding):
				return !zeroQuality(params) // a named coding outranks "*"
			case name == "*":
				star = !zeroQuality(params)
			}
		}
	}
	return star
}

// zeroQuality reports a q=0 parameter, which refuses the coding.
func zeroQuality(params string) bool {
	q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(q), 64)
	return err == nil && v == 0
}

type compressState int

const (
	undecided   compressState = iota // the status is held back with the first bytes
	passing                          // sent as the handler writes it
	compressing                      // sent through the gzip writer
)

// compressWriter holds the status line and up to minCompressSize bytes back
// until it knows whether compressing is worth it.
type compressWriter struct {
	http.ResponseWriter
	writers  *sync.Pool
	accepted bool

	status  int // 0 until the handler sends one
	state   compressState
	pending []byte
	gz      *pooledGzip // while compressing
}

// pooledGzip is a gzip writer that writes to dst, a field it can be pointed
// at and away from cheaply: resetting a gzip writer to drop its reference to
// a finished response would clear its tables a second time.
type pooledGzip struct {
	zw  *gzip.Writer
	dst forwarder
}

// forwarder passes writes on to w.
type forwarder struct{ w io.Writer }

func (f *forwarder) Write(p []byte) (int, error) { return f.w.Write(p) }

func (w *compressWriter) WriteHeader(status int) {
	if status >= 100 && status < 200 && status != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(status) // 1xx such as 103 Early Hints precede the real one
		return
	}
	if w.status != 0 {
		return // net/http ignores a second status too, after logging it
	}
	w.status = status
	h := w.Header()
	compressible := bodyAllowed(status) && h.Get("Content-Encoding") == "" && Compressible(h.Get("Content-Type"))
	if compressible && !varies(h, "Accept-Encoding") {
		h.Add("Vary", "Accept-Encoding")
	}
	if !compressible || !w.accepted {
		w.pass()
		return
	}
	// A declared length decides now. That also covers http.ServeContent
	// answering HEAD, which declares the length but writes no body: it must
	// get the same Content-Encoding as GET.
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil {
		if n < minCompressSize {
			w.pass()
		} else {
			w.startGzip()
		}
	}
}

func (w *compressWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	switch w.state {
	case passing:
		return w.ResponseWriter.Write(p)
	case compressing:
		return w.gz.zw.Write(p)
	}
	if len(w.pending)+len(p) < minCompressSize {
		w.pending = append(w.pending, p...)
		return len(p), nil
	}
	w.startGzip()
	if err := w.writePending(); err != nil {
		return 0, err
	}
	return w.gz.zw.Write(p)
}

// Flush sends what is held back, compressed if the response qualifies by
// type: a handler that flushes is streaming, and its total size is unknown.
func (w *compressWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.state == undecided {
		w.startGzip()
	}
	if w.state == compressing {
		_ = w.writePending()
		_ = w.gz.zw.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pass sends the status and whatever is held back as they are.
func (w *compressWriter) pass() {
	w.state = passing
	w.ResponseWriter.WriteHeader(w.status)
}

// startGzip sends the status with Content-Encoding: gzip; the body goes
// through the gzip writer from now on.
func (w *compressWriter) startGzip() {
	h := w.Header()
	h.Del("Content-Length") // the handler's length is the uncompressed one
	h.Set("Content-Encoding", "gzip")
	w.state = compressing
	w.ResponseWriter.WriteHeader(w.status)
	w.gz = w.writers.Get().(*pooledGzip)
	w.gz.dst.w = w.ResponseWriter
	w.gz.zw.Reset(&w.gz.dst)
}

// writePending sends what was held back through the current writer.
func (w *compressWriter) writePending() error {
	if len(w.pending) == 0 {
		return nil
	}
	var err error
	if w.state == compressing {
		_, err = w.gz.zw.Write(w.pending)
	} else {
		_, err = w.ResponseWriter.Write(w.pending)
	}
	w.pending = nil
	return err
}

// finish sends a short response uncompressed and ends a compressed one.
func (w *compressWriter) finish() {
	switch w.state {
	case undecided:
		if w.status == 0 {
			return // nothing written: net/http sends its empty 200
		}
		w.pass()
		_ = w.writePending() // a failed write is a client gone away
	case compressing:
		_ = w.gz.zw.Close()
	}
}

func (w *compressWriter) release() {
	if w.gz != nil {
		w.gz.dst.w = nil // the pool must not keep the response alive
		w.writers.Put(w.gz)
		w.gz = nil
	}
}

// Compressible reports whether a response of contentType is worth
// compressing; the assets package asks it which files to precompress.
func Compressible(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return compressibleTypes[strings.ToLower(strings.TrimSpace(mediaType))]
}

// bodyAllowed is false for the statuses that never carry a body, and for a
// range of bytes, which must stay a range of the uncompressed file.
func bodyAllowed(status int) bool {
	switch status {
	case http.StatusNoContent, http.StatusPartialContent, http.StatusNotModified:
		return false
	}
	return status >= 200
}
