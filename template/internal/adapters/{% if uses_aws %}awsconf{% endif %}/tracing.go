package awsconf

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
)

// inTraceOnly hands out the global provider's tracers, which start AWS spans only under a
// parent span. Without one (the SQS worker's long poll every 20 seconds, a sweeper) every call
// would be a trace of its own and bury the requests' traces.
type inTraceOnly struct {
	embedded.TracerProvider
}

func (inTraceOnly) Tracer(name string, opts ...trace.TracerOption) trace.Tracer {
	return childTracer{inner: otel.GetTracerProvider().Tracer(name, opts...)}
}

type childTracer struct {
	embedded.Tracer
	inner trace.Tracer
}

func (t childTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx, trace.SpanFromContext(ctx)
	}
	return t.inner.Start(ctx, name, opts...)
}
