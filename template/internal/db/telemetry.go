package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/XSAM/otelsql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// sqlcNamePrefix starts every query sqlc generates: "-- name: HealthCheck :one".
const sqlcNamePrefix = "-- name: "

// openInstrumented opens the pool over connector with a span per statement and the pool's
// metrics, through the global tracer and meter providers (observability.Setup installs them;
// until then they do nothing). system is the semconv db.system.name value.
func openInstrumented(connector driver.Connector, system string) (*sql.DB, error) {
	opts := []otelsql.Option{
		otelsql.WithAttributes(attribute.String("db.system.name", system)),
		otelsql.WithSpanNameFormatter(spanName),
		otelsql.WithAttributesGetter(querySummary),
		otelsql.WithInstrumentAttributesGetter(querySummary),
		otelsql.WithSpanOptions(otelsql.SpanOptions{
			// A span per row or per pool reset would bury the statements; pings are the
			// readiness probe's.
			OmitRows:             true,
			OmitConnResetSession: true,
			DisableErrSkip:       true,
			SpanFilter:           inTrace,
		}),
		// The SQL commenter stays off (otelsql's default): a traceparent comment makes every
		// statement's text unique, which defeats pgx's prepared-statement cache.
	}
	closer := &unregisterOnClose{Connector: connector}
	conn := otelsql.OpenDB(closer, opts...)
	reg, err := otelsql.RegisterDBStatsMetrics(conn, opts...)
	if err != nil {
		return nil, errors.Join(err, conn.Close())
	}
	closer.setRegistration(reg)
	return conn, nil
}

// spanName names a statement's span after its sqlc query ("HealthCheck"); statements sqlc did
// not write (migrations, BEGIN, COMMIT) keep otelsql's method name ("sql.conn.exec").
func spanName(_ context.Context, method otelsql.Method, query string) string {
	if name := queryName(query); name != "" {
		return name
	}
	return string(method)
}

// querySummary labels spans and the operation duration histogram with the sqlc query name: a
// bounded set, unlike the query text.
func querySummary(_ context.Context, _ otelsql.Method, query string, _ []driver.NamedValue) []attribute.KeyValue {
	if name := queryName(query); name != "" {
		return []attribute.KeyValue{attribute.String("db.query.summary", name)}
	}
	return nil
}

// queryName reads the name from sqlc's first line, "-- name: HealthCheck :one".
func queryName(query string) string {
	rest, ok := strings.CutPrefix(query, sqlcNamePrefix)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, " ")
	name, _, _ = strings.Cut(name, "\n")
	return name
}

// inTrace makes database spans only inside a traced operation (a request, a job): the
// readiness probe, the scheduler and the sweepers query on their own, and a root trace per
// query would drown the traces that matter. Their durations are still measured.
func inTrace(ctx context.Context, _ otelsql.Method, _ string, _ []driver.NamedValue) bool {
	return trace.SpanContextFromContext(ctx).IsValid()
}

// unregisterOnClose stops the pool metrics callback when the pool closes (sql.DB.Close
// closes its connector), so that a closed pool is not kept alive by the meter.
type unregisterOnClose struct {
	driver.Connector
	mu  sync.Mutex
	reg metric.Registration
}

func (c *unregisterOnClose) setRegistration(reg metric.Registration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reg = reg
}

func (c *unregisterOnClose) Close() error {
	c.mu.Lock()
	reg := c.reg
	c.reg = nil
	c.mu.Unlock()
	var errs []error
	if reg != nil {
		errs = append(errs, reg.Unregister())
	}
	if closer, ok := c.Connector.(io.Closer); ok {
		errs = append(errs, closer.Close())
	}
	return errors.Join(errs...)
}
