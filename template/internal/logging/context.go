package logging

import (
	"context"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/trace"
)

type requestIDKey struct{}

type jobKey struct{}

type job struct{ id, typ string }

// WithRequestID stores the request's id for the log lines of everything the request does.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id WithRequestID stored, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithJob stores the running job's id and type for the log lines of everything it does.
func WithJob(ctx context.Context, id, jobType string) context.Context {
	return context.WithValue(ctx, jobKey{}, job{id: id, typ: jobType})
}

// ContextHook adds what an event's context knows to the line: request_id, trace_id and
// span_id (of the active span), job_id and job_type. An event has a context when its logger
// was built with With().Ctx(ctx), as the request logger that zerolog.Ctx(r.Context())
// returns is, or when the call site adds Event.Ctx(ctx).
//
// The fields come from the context rather than from With().Str on a logger, so code that
// only has a context (a job, a service method) logs them the same way: log.Info().Ctx(ctx).
type ContextHook struct{}

// Run implements zerolog.Hook.
func (ContextHook) Run(e *zerolog.Event, _ zerolog.Level, _ string) {
	ctx := e.GetCtx()
	if id := RequestID(ctx); id != "" {
		e.Str("request_id", id)
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		e.Str("trace_id", sc.TraceID().String()).Str("span_id", sc.SpanID().String())
	}
	if j, ok := ctx.Value(jobKey{}).(job); ok {
		e.Str("job_id", j.id).Str("job_type", j.typ)
	}
}
