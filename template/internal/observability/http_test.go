package observability

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/baggage"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// recorded is an app wrapped the way the server wraps it, with its spans and metrics kept.
type recorded struct {
	handler http.Handler
	spans   *tracetest.SpanRecorder
	reader  *sdkmetric.ManualReader
}

func newRecorded(t *testing.T, trust bool) recorded {
	t.Helper()
	return newRecordedWith(t, HTTPOptions{TrustTraceparent: trust, Propagator: Propagator()})
}

func newRecordedWith(t *testing.T, opts HTTPOptions) recorded {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader), boundedHTTPServerView())
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})

	r := chi.NewRouter()
	r.Use(RouteTag)
	ok := func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }
	r.Get("/x/{id}", ok)
	r.Get("/about", ok)
	r.Get("/baggage", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(baggage.FromContext(r.Context()).Member("tenant").Value()))
	})
	r.Get("/healthz", ok)
	r.Get("/assets/*", ok)
	r.Group(func(limited chi.Router) {
		limited.Use(func(http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTooManyRequests) })
		})
		limited.Get("/limited", ok)
	})
	opts.Untraced = []string{"/healthz", "/readyz", "/assets/"}
	opts.TracerProvider, opts.MeterProvider = tp, mp
	h := Handler(r, opts)
	return recorded{handler: h, spans: spans, reader: reader}
}

func (rec recorded) do(t *testing.T, method, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	w := httptest.NewRecorder()
	rec.handler.ServeHTTP(w, req)
	return w
}

// durationPoints are the http.server.request.duration data points, by their attributes.
func (rec recorded) durationPoints(t *testing.T) []attribute.Set {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := rec.reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	var sets []attribute.Set
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != "http.server.request.duration" {
				continue
			}
			for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				sets = append(sets, dp.Attributes)
			}
		}
	}
	return sets
}

// OBS-2: the span and the duration metric are named after the route, not the path.
func TestRouteNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, target string
		wantSpan             string
		wantRoute            string // "" = no http.route anywhere
		wantStatus           int
	}{
		{"path parameter", http.MethodGet, "/x/42", "GET /x/{id}", "/x/{id}", http.StatusOK},
		{"static route", http.MethodGet, "/about", "GET /about", "/about", http.StatusOK},
		{"unmatched path has no route", http.MethodGet, "/no/such/page", "GET", "", http.StatusNotFound},
		{"unmatched method has no route", http.MethodDelete, "/about", "DELETE", "", http.StatusMethodNotAllowed},
		{"answer from group middleware keeps the route", http.MethodGet, "/limited", "GET /limited", "/limited", http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorded(t, false)
			if w := rec.do(t, tt.method, tt.target, nil); w.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, tt.wantStatus)
			}
			ended := rec.spans.Ended()
			if len(ended) != 1 {
				t.Fatalf("%d spans, want 1", len(ended))
			}
			span := ended[0]
			if span.Name() != tt.wantSpan {
				t.Errorf("span name %q, want %q", span.Name(), tt.wantSpan)
			}
			if got := spanAttr(span, semconv.HTTPRouteKey); got != tt.wantRoute {
				t.Errorf("span http.route = %q, want %q", got, tt.wantRoute)
			}
			points := rec.durationPoints(t)
			if len(points) != 1 {
				t.Fatalf("%d duration points, want 1", len(points))
			}
			route, _ := points[0].Value(semconv.HTTPRouteKey)
			if route.AsString() != tt.wantRoute {
				t.Errorf("metric http.route = %q, want %q", route.AsString(), tt.wantRoute)
			}
		})
	}
}

// OBS-2/OBS-4: many distinct unmatched paths and made-up Host headers add no time series.
func TestMetricLabelsStayBounded(t *testing.T) {
	t.Parallel()
	rec := newRecorded(t, false)
	for i, path := range []string{"/a", "/b/c", "/d?e=f", "/x/1/extra", "/zz"} {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, path, nil)
		req.Host = "host" + string(rune('a'+i)) + ".example:8" + string(rune('0'+i))
		rec.handler.ServeHTTP(httptest.NewRecorder(), req)
	}
	points := rec.durationPoints(t)
	if len(points) != 1 {
		for _, p := range points {
			t.Log(p.Encoded(attribute.DefaultEncoder()))
		}
		t.Fatalf("%d series for 404s on 5 paths and hosts, want 1", len(points))
	}
	for _, key := range []attribute.Key{semconv.ServerAddressKey, semconv.ServerPortKey, semconv.HTTPRouteKey} {
		if points[0].HasValue(key) {
			t.Errorf("metric carries %s", key)
		}
	}
}

// The server's metrics are the request durations alone: the body-size histograms are dropped.
func TestServerMetricsAreDurationsOnly(t *testing.T) {
	t.Parallel()
	rec := newRecorded(t, false)
	rec.handler.ServeHTTP(httptest.NewRecorder(),
		httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/about", nil))
	var rm metricdata.ResourceMetrics
	if err := rec.reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			names = append(names, m.Name)
		}
	}
	if len(names) != 1 || names[0] != "http.server.request.duration" {
		t.Errorf("server metrics %q, want only http.server.request.duration", names)
	}
}

// OBS-2: probes and assets are not traced.
func TestUntracedPaths(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/healthz", "/assets/app.css"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			rec := newRecorded(t, false)
			if w := rec.do(t, http.MethodGet, path, nil); w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			if n := len(rec.spans.Ended()); n != 0 {
				t.Errorf("%d spans, want none", n)
			}
			if n := len(rec.durationPoints(t)); n != 0 {
				t.Errorf("%d duration points, want none", n)
			}
		})
	}
}

// OBS-2: an inbound traceparent is continued only when trusted; otherwise the request starts
// its own trace and links the caller's.
func TestTraceparentTrust(t *testing.T) {
	t.Parallel()
	const inboundTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	header := http.Header{"Traceparent": {"00-" + inboundTrace + "-00f067aa0ba902b7-01"}}
	tests := []struct {
		name      string
		trust     bool
		wantSame  bool
		wantLinks int
	}{
		{"trusted continues the trace", true, true, 0},
		{"untrusted starts a new trace linked to it", false, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorded(t, tt.trust)
			rec.do(t, http.MethodGet, "/about", header)
			span := rec.spans.Ended()[0]
			if same := span.SpanContext().TraceID().String() == inboundTrace; same != tt.wantSame {
				t.Errorf("trace id %s, continued = %v, want %v", span.SpanContext().TraceID(), same, tt.wantSame)
			}
			if same := span.Parent().IsValid(); same != tt.wantSame {
				t.Errorf("has remote parent = %v, want %v", same, tt.wantSame)
			}
			links := span.Links()
			if len(links) != tt.wantLinks {
				t.Fatalf("%d links, want %d", len(links), tt.wantLinks)
			}
			if len(links) == 1 && links[0].SpanContext.TraceID().String() != inboundTrace {
				t.Errorf("link to trace %s, want %s", links[0].SpanContext.TraceID(), inboundTrace)
			}
		})
	}
}

// An untrusted caller's baggage is dropped, so it cannot ride along on outbound calls.
func TestBaggageTrust(t *testing.T) {
	// Not parallel: the app's handler reads the global propagator, as the server's does.
	prev := otel.GetTextMapPropagator()
	otel.SetTextMapPropagator(Propagator())
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })
	header := http.Header{"Baggage": {"tenant=acme"}}
	for trust, want := range map[bool]string{true: "acme", false: ""} {
		rec := newRecordedWith(t, HTTPOptions{TrustTraceparent: trust})
		if got := rec.do(t, http.MethodGet, "/baggage", header).Body.String(); got != want {
			t.Errorf("trust %v: baggage tenant = %q, want %q", trust, got, want)
		}
	}
}

func TestTraced(t *testing.T) {
	t.Parallel()
	untraced := []string{"/healthz", "/assets/"}
	for path, want := range map[string]bool{
		"/healthz":        false,
		"/healthz/x":      true,
		"/assets/app.css": false,
		"/assets":         true,
		"/":               true,
		"/about":          true,
	} {
		if got := traced(path, untraced); got != want {
			t.Errorf("traced(%q) = %v, want %v", path, got, want)
		}
	}
}

func spanAttr(span sdktrace.ReadOnlySpan, key attribute.Key) string {
	for _, kv := range span.Attributes() {
		if kv.Key == key {
			return kv.Value.AsString()
		}
	}
	return ""
}
