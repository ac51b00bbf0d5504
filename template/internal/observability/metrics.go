package observability

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// MetricsPath is where the metrics server answers; every other path is a 404.
const MetricsPath = "/metrics"

// MetricsServer serves /metrics on its own listener, apart from the app's public port: the
// metrics describe the app's internals and are meant for a scraper on a private network.
type MetricsServer struct {
	srv  *http.Server
	addr net.Addr
	done chan error
}

// ListenMetrics starts serving h at MetricsPath on addr (host:port; port 0 picks a free one,
// see Addr).
func ListenMetrics(ctx context.Context, addr string, h http.Handler) (*MetricsServer, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+MetricsPath, h)
	m := &MetricsServer{
		srv: &http.Server{
			Handler: mux,
			// A scrape is one small request; nothing needs longer, and finite limits keep a
			// stuck scraper from holding connections.
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       2 * time.Minute,
		},
		addr: ln.Addr(),
		done: make(chan error, 1),
	}
	go func() { m.done <- m.srv.Serve(ln) }()
	return m, nil
}

// Addr is the address the server listens on, with the port it was given.
func (m *MetricsServer) Addr() string { return m.addr.String() }

// Shutdown stops the server, letting a scrape in progress finish within ctx.
func (m *MetricsServer) Shutdown(ctx context.Context) error {
	err := m.srv.Shutdown(ctx)
	if serveErr := <-m.done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("metrics: shutdown: %w", err)
	}
	return nil
}
