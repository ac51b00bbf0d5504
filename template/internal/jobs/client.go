package jobs

import (
	"context"
	"fmt"
	"time"
)

// DefaultMaxAttempts is used when neither the client, the type nor the job sets a limit.
const DefaultMaxAttempts = 5

// ClientOptions configures a Client.
type ClientOptions struct {
	// MaxAttempts is the default attempts limit written into envelopes (config jobs.max_attempts).
	MaxAttempts int
	// RequestID reads the current request's id from ctx, so a job's logs can be joined to the
	// request that enqueued it. The runtime passes the HTTP middleware's reader; this package
	// does not import HTTP code.
	RequestID func(ctx context.Context) string
	// Traceparent, when set, reads the W3C traceparent the job carries from ctx. By default it
	// is the enqueue's producer span, when ctx is in a trace.
	Traceparent func(ctx context.Context) string
	// Now is the clock; tests pass a fixed one. Defaults to time.Now.
	Now func() time.Time
	// Metrics, when set, counts enqueued jobs.
	Metrics *Metrics
}

// Client enqueues jobs. Enqueue after the transaction that made the job necessary has
// committed: delivery is at-least-once, so handlers must be idempotent, but a job for a
// rolled-back change must never exist.
type Client struct {
	broker Broker
	reg    *Registry
	opts   ClientOptions
	tel    *telemetry
}

// NewClient returns a client that sends to broker the types registered in reg.
func NewClient(broker Broker, reg *Registry, opts ClientOptions) *Client {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	return &Client{broker: broker, reg: reg, opts: opts, tel: newTelemetry()}
}

type enqueueOptions struct {
	delay       time.Duration
	at          time.Time
	maxAttempts int
}

// EnqueueOption tunes one Enqueue call.
type EnqueueOption func(*enqueueOptions)

// Delay runs the job no earlier than d from now.
func Delay(d time.Duration) EnqueueOption {
	return func(o *enqueueOptions) { o.delay, o.at = d, time.Time{} }
}

// At runs the job no earlier than t.
func At(t time.Time) EnqueueOption {
	return func(o *enqueueOptions) { o.at, o.delay = t, 0 }
}

// MaxAttempts sets how many times this job may fail before it is dead-lettered.
func MaxAttempts(n int) EnqueueOption {
	return func(o *enqueueOptions) { o.maxAttempts = n }
}

// Enqueue sends a job of type typ with payload (any value that encodes to a JSON object, at
// most MaxPayloadBytes) and returns its id. Errors: ErrUnknownType, ErrInvalidType,
// ErrTooLarge, ErrInvalidPayload, ErrDelayUnsupported and the broker's (ErrQueueFull). Inside
// a trace, the enqueue is a producer span whose trace context the job carries.
func (c *Client) Enqueue(ctx context.Context, typ string, payload any, opts ...EnqueueOption) (string, error) {
	var o enqueueOptions
	for _, opt := range opts {
		opt(&o)
	}
	if err := ValidateType(typ); err != nil {
		return "", err
	}
	h, ok := c.reg.lookup(typ)
	if !ok {
		return "", fmt.Errorf("%w %q: register it in internal/jobs/tasks", ErrUnknownType, typ)
	}
	ctx, span, traceparent := c.tel.startEnqueue(ctx, typ)
	env, err := c.send(ctx, h, payload, o, traceparent)
	c.tel.endEnqueue(ctx, span, env, err)
	if err != nil {
		return "", err
	}
	c.opts.Metrics.addEnqueued()
	return env.ID, nil
}

func (c *Client) send(ctx context.Context, h *handler, payload any, o enqueueOptions, traceparent string) (Envelope, error) {
	typ := h.typ
	now := c.opts.Now()
	env, err := newEnvelope(typ, payload, now)
	if err != nil {
		return Envelope{}, err
	}
	delay := o.delay
	if !o.at.IsZero() {
		delay = o.at.Sub(now)
	}
	delay = max(delay, 0)
	if limit := c.broker.MaxDelay(); limit > 0 && delay > limit {
		return Envelope{}, fmt.Errorf("%w: %s is over %s", ErrDelayUnsupported, delay, limit)
	}
	if delay > 0 {
		runAt := now.Add(delay).UTC()
		env.RunAt = &runAt
	}
	switch {
	case o.maxAttempts > 0:
		env.MaxAttempts = o.maxAttempts
	case h.maxAttempts > 0:
		env.MaxAttempts = h.maxAttempts
	default:
		env.MaxAttempts = c.opts.MaxAttempts
	}
	if c.opts.RequestID != nil {
		env.RequestID = c.opts.RequestID(ctx)
	}
	env.Traceparent = traceparent
	if c.opts.Traceparent != nil {
		env.Traceparent = c.opts.Traceparent(ctx)
	}
	if err := c.broker.Send(ctx, env, delay); err != nil {
		return Envelope{}, fmt.Errorf("enqueue %s: %w", typ, err)
	}
	return env, nil
}
