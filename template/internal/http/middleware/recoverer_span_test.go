package middleware

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// OBS-5: a panic marks the request's span as failed and records where it happened.
func TestRecovererMarksSpan(t *testing.T) {
	t.Parallel()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })

	var buf bytes.Buffer
	h := Recoverer(testLogger(&buf), renderError)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}))
	ctx, span := tp.Tracer("test").Start(t.Context(), "GET /boom")
	rec := serve(h, get(t, "/boom").WithContext(ctx))
	span.End()

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	got := spans.Ended()[0]
	if got.Status().Code != codes.Error {
		t.Errorf("span status %v, want Error", got.Status())
	}
	var exception bool
	for _, ev := range got.Events() {
		if ev.Name == "exception" {
			exception = true
		}
	}
	if !exception {
		t.Error("span has no exception event")
	}
	line := logLines(t, &buf)[0]
	if line["trace_id"] != span.SpanContext().TraceID().String() {
		t.Errorf("panic line trace_id = %v, want the span's %s", line["trace_id"], span.SpanContext().TraceID())
	}
}
