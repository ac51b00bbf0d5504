package observability

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// HTTPOptions configure the request tracing of Handler.
type HTTPOptions struct {
	// TrustTraceparent continues the caller's trace; off, requests start their own trace and
	// link the caller's (see config.ObservabilityConfig).
	TrustTraceparent bool
	// Untraced paths get neither a span nor a duration sample: exact paths, or prefixes when
	// they end in "/".
	Untraced []string
	// TracerProvider, MeterProvider and Propagator default to the OpenTelemetry globals
	// (which Setup installs), except that an untrusted caller's baggage is never read; tests
	// pass their own.
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	Propagator     propagation.TextMapPropagator
}

// Handler wraps the whole app: every request gets a span and a sample of
// http.server.request.duration, including the 429, 503 and 500 answers the middleware writes
// before or instead of a handler. RouteTag, inside the router, names them after the route.
func Handler(next http.Handler, opts HTTPOptions) http.Handler {
	otelOpts := []otelhttp.Option{
		otelhttp.WithFilter(func(r *http.Request) bool { return traced(r.URL.Path, opts.Untraced) }),
	}
	if opts.TracerProvider != nil {
		otelOpts = append(otelOpts, otelhttp.WithTracerProvider(opts.TracerProvider))
	}
	if opts.MeterProvider != nil {
		otelOpts = append(otelOpts, otelhttp.WithMeterProvider(opts.MeterProvider))
	}
	switch {
	case opts.Propagator != nil:
		otelOpts = append(otelOpts, otelhttp.WithPropagators(opts.Propagator))
	case !opts.TrustTraceparent:
		// Only traceparent is read, for the link; a stranger's baggage would otherwise ride
		// along on every outbound call this request makes.
		otelOpts = append(otelOpts, otelhttp.WithPropagators(propagation.TraceContext{}))
	}
	if !opts.TrustTraceparent {
		otelOpts = append(otelOpts, otelhttp.WithPublicEndpointFn(func(*http.Request) bool { return true }))
	}
	return otelhttp.NewHandler(next, "", otelOpts...)
}

func traced(path string, untraced []string) bool {
	for _, u := range untraced {
		if path == u || (strings.HasSuffix(u, "/") && strings.HasPrefix(path, u)) {
			return false
		}
	}
	return true
}

// RouteTag is chi middleware that names the request span after the matched route once the
// handler has run ("GET /posts/{id}"), sets http.route on it and labels the duration metric
// with it. Only the route table's patterns become values, so the label stays bounded: a
// request that matched no route (a 404 or 405 from the router) gets no route at all.
func RouteTag(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		// Deferred work is not needed on panic: the Recoverer inside has already turned a
		// panic into a 500, and an http.ErrAbortHandler leaves no route worth naming.
		route := chi.RouteContext(r.Context()).RoutePattern()
		if route == "" {
			return
		}
		attr := semconv.HTTPRoute(route)
		span := trace.SpanFromContext(r.Context())
		span.SetName(r.Method + " " + route)
		span.SetAttributes(attr)
		if labeler, ok := otelhttp.LabelerFromContext(r.Context()); ok {
			labeler.Add(attr)
		}
	})
}

// boundedHTTPServerView keeps only bounded attributes on otelhttp's request durations. The
// defaults include server.address and server.port from the Host header, which a client
// chooses freely: every made-up host would start new time series. The request and response
// body-size histograms are dropped: they were two thirds of a scrape (bench/otelbench.py), and
// the byte counts they bucket say little that the duration and status do not.
func boundedHTTPServerView() sdkmetric.Option {
	keep := attribute.NewAllowKeysFilter(
		semconv.HTTPRequestMethodKey,
		semconv.HTTPResponseStatusCodeKey,
		semconv.HTTPRouteKey,
		semconv.URLSchemeKey,
		semconv.NetworkProtocolNameKey,
		semconv.NetworkProtocolVersionKey,
		semconv.ErrorTypeKey,
	)
	scope := instrumentation.Scope{Name: otelhttp.ScopeName}
	return sdkmetric.WithView(
		sdkmetric.NewView(
			sdkmetric.Instrument{Name: "http.server.request.duration", Scope: scope},
			sdkmetric.Stream{AttributeFilter: keep},
		),
		sdkmetric.NewView(
			sdkmetric.Instrument{Name: "http.server.*.body.size", Scope: scope},
			sdkmetric.Stream{Aggregation: sdkmetric.AggregationDrop{}},
		),
	)
}
