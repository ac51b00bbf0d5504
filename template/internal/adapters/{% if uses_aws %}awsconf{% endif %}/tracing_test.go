package awsconf

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// The test swaps the global tracer provider and propagator, so it does not run in parallel.
func TestLoadTracesCallsInsideATrace(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prevTP, prevProp := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	t.Cleanup(func() {
		otel.SetTracerProvider(prevTP)
		otel.SetTextMapPropagator(prevProp)
	})

	headers := make(chan string, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		headers <- r.Header.Get("Traceparent")
	}))
	t.Cleanup(srv.Close)
	cfg, err := Load(t.Context(),
		awsconfig.WithRegion("us-east-1"),
		awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx, parent := tp.Tracer("test").Start(t.Context(), "request")
	call(t, ctx, cfg, srv.URL)
	parent.End()
	if got, want := <-headers, "00-"+parent.SpanContext().TraceID().String(); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("traceparent %q, want one in trace %s", got, parent.SpanContext().TraceID())
	}
	call(t, t.Context(), cfg, srv.URL)
	if got := <-headers; got != "" {
		t.Errorf("a call outside a trace sent traceparent %q", got)
	}

	var calls int
	for _, span := range rec.Ended() {
		if span.Name() == "request" {
			continue
		}
		calls++
		if span.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("span %q is not a child of the request span", span.Name())
		}
	}
	if calls != 1 {
		t.Errorf("%d AWS spans, want 1 (the call outside a trace makes none)", calls)
	}
}

// call runs a bare SDK operation stack with cfg's API options, as a service client does, and
// posts it to endpoint.
func call(t *testing.T, ctx context.Context, cfg aws.Config, endpoint string) {
	t.Helper()
	stack := middleware.NewStack("Probe", smithyhttp.NewStackRequest)
	for _, opt := range cfg.APIOptions {
		if err := opt(stack); err != nil {
			t.Fatal(err)
		}
	}
	err := stack.Serialize.Add(middleware.SerializeMiddlewareFunc("Endpoint", func(
		ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler,
	) (middleware.SerializeOutput, middleware.Metadata, error) {
		req := in.Request.(*smithyhttp.Request)
		req.Method = http.MethodPost
		req.URL, _ = url.Parse(endpoint)
		return next.HandleSerialize(ctx, in)
	}), middleware.After)
	if err != nil {
		t.Fatal(err)
	}
	handler := middleware.DecorateHandler(smithyhttp.NewClientHandlerWithOptions(http.DefaultClient), stack)
	if _, _, err := handler.Handle(ctx, struct{}{}); err != nil {
		t.Fatalf("call: %v", err)
	}
}
