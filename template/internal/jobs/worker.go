package jobs

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/trace"
)

// Outcomes as logged in the outcome field.
const (
	OutcomeOK       = "ok"
	OutcomeRetry    = "retry"
	OutcomeDead     = "dead"
	OutcomeReleased = "released"
)

// WorkerOptions configures a Worker; zero values take the defaults noted.
type WorkerOptions struct {
	// Concurrency is how many jobs run at once (10).
	Concurrency int
	// Timeout is each job's deadline unless its type sets one (5m).
	Timeout time.Duration
	// ShutdownTimeout is how long running jobs may finish once Run's ctx is cancelled; then
	// their contexts are cancelled and they are released to the queue (25s).
	ShutdownTimeout time.Duration
	// BackoffBase and BackoffMax shape the retry delay (10s, 1h); see Backoff.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// MaxAttempts applies to envelopes that carry none (5).
	MaxAttempts int
	Logger      zerolog.Logger
	// Rand returns numbers in [0, 1) for the backoff jitter; tests pass a seeded source.
	Rand func() float64
	// ReceiveRetry is the pause after a failed Receive before trying again (1s).
	ReceiveRetry time.Duration
	// Now is the clock used for durations; defaults to time.Now.
	Now func() time.Time
	// Metrics, when set, counts running jobs and outcomes.
	Metrics *Metrics
}

// Worker receives jobs from a broker and runs their handlers.
type Worker struct {
	broker Broker
	reg    *Registry
	opts   WorkerOptions
	tel    *telemetry
}

// abandonGrace is how long a job whose context has ended may take to return before the worker
// stops waiting for it: a handler that ignores its context must not hold a slot forever.
const abandonGrace = 100 * time.Millisecond

// settleTimeout bounds an Ack, Retry, Release or DeadLetter call, which also runs during
// shutdown when the worker's own context is already cancelled.
const settleTimeout = 10 * time.Second

// NewWorker returns a worker that runs reg's handlers for the jobs broker delivers.
func NewWorker(broker Broker, reg *Registry, opts WorkerOptions) *Worker {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 10
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Minute
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 25 * time.Second
	}
	if opts.BackoffBase <= 0 {
		opts.BackoffBase = 10 * time.Second
	}
	if opts.BackoffMax <= 0 {
		opts.BackoffMax = time.Hour
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.Rand == nil {
		opts.Rand = rand.Float64
	}
	if opts.ReceiveRetry <= 0 {
		opts.ReceiveRetry = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Worker{broker: broker, reg: reg, opts: opts, tel: newTelemetry()}
}

// Run receives and runs jobs until ctx is cancelled, then drains: it stops receiving, gives
// running jobs ShutdownTimeout to finish, then cancels their contexts and releases the
// unfinished ones to the queue, which does not count as a failed attempt. It returns nil after
// a drain, or the broker's error if the broker was closed under it.
func (w *Worker) Run(ctx context.Context) error {
	// Jobs run under their own context, so that cancelling ctx stops receiving without
	// interrupting them; hardStop ends them when the shutdown timeout is up.
	jobsCtx, hardStop := context.WithCancel(context.WithoutCancel(ctx))
	defer hardStop()

	p := &pool{
		w: w, stopCtx: ctx, jobsCtx: jobsCtx,
		work:  make(chan Delivery),
		slots: make(chan struct{}, w.opts.Concurrency),
	}
	// Long-lived runners rather than a goroutine per job: a fresh goroutine grows its stack
	// again for every job (JSON decoding is deep), which was a fifth of the CPU per job.
	for range w.opts.Concurrency {
		p.wg.Add(1)
		go p.runner()
	}
	runErr := w.receiveLoop(ctx, p)
	close(p.work)

	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	timer := time.NewTimer(w.opts.ShutdownTimeout)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		hardStop()
		<-done
	}
	return runErr
}

// pool is Run's runners: each holds a slot while it runs a job.
type pool struct {
	w       *Worker
	stopCtx context.Context
	jobsCtx context.Context
	work    chan Delivery
	slots   chan struct{}
	// wg counts runners; an abandoned runner's count passes to its replacement.
	wg sync.WaitGroup
}

func (p *pool) runner() {
	for d := range p.work {
		if !p.w.process(p, d) {
			// Abandoned: the watchdog settled the job, freed the slot and started a
			// replacement, which carries this runner's count in wg.
			return
		}
		<-p.slots
	}
	p.wg.Done()
}

// abandon frees a stuck runner's slot and puts a new runner in its place.
func (p *pool) abandon() {
	<-p.slots
	go p.runner()
}

func (w *Worker) receiveLoop(ctx context.Context, p *pool) error {
	slots := p.slots
	for {
		// Ask for as many jobs as there are free slots, and at least one.
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		free := 1
	fill:
		for free < cap(slots) {
			select {
			case slots <- struct{}{}:
				free++
			default:
				break fill
			}
		}
		deliveries, err := w.broker.Receive(ctx, free)
		if ctx.Err() != nil {
			// Received while shutting down: hand them straight back.
			for _, d := range deliveries {
				w.release(ctx, d)
			}
			freeSlots(slots, free)
			return nil
		}
		if err != nil {
			freeSlots(slots, free)
			if errors.Is(err, ErrClosed) {
				return fmt.Errorf("receive: %w", err)
			}
			w.opts.Logger.Error().Err(err).Msg("jobs: receive failed")
			select {
			case <-time.After(w.opts.ReceiveRetry):
			case <-ctx.Done():
				return nil
			}
			continue
		}
		freeSlots(slots, free-len(deliveries))
		for _, d := range deliveries {
			p.work <- d
		}
	}
}

func freeSlots(slots chan struct{}, n int) {
	for range n {
		<-slots
	}
}

// Job states, for the race between a handler returning and its watchdog giving up on it.
const (
	jobRunning int32 = iota
	jobFinished
	jobAbandoned
)

// process runs one delivery and settles it. It returns false when the handler outlived its
// context by abandonGrace: the watchdog then settled the job and replaced this runner, and
// the handler's late result is dropped.
func (w *Worker) process(p *pool, d Delivery) bool {
	env := d.Envelope()
	attempt := d.Attempt()
	start := w.opts.Now()
	h, ok := w.reg.lookup(env.Type)
	run := jobRun{typeLabel: env.Type}
	if !ok {
		run.typeLabel = unknownType
	}
	run.ctx, run.span = w.tel.startJob(p.jobsCtx, env, run.typeLabel, attempt)
	if !ok {
		w.settle(p.stopCtx, d, env, attempt, start, fmt.Errorf("%w %q", ErrUnknownType, env.Type), false, run)
		return true
	}
	timeout := w.opts.Timeout
	if h.timeout > 0 {
		timeout = h.timeout
	}
	jobCtx, cancel := context.WithTimeout(withEnvelope(w.jobLogger(env, attempt).WithContext(run.ctx), env, attempt), timeout)
	defer cancel()

	w.opts.Metrics.addInFlight(1)
	var state atomic.Int32
	stopWatch := context.AfterFunc(jobCtx, func() {
		time.AfterFunc(abandonGrace, func() {
			if !state.CompareAndSwap(jobRunning, jobAbandoned) {
				return
			}
			err := fmt.Errorf("job did not return after its context ended: %w", context.Cause(jobCtx))
			w.opts.Metrics.addInFlight(-1)
			w.settle(p.stopCtx, d, env, attempt, start, err, p.jobsCtx.Err() != nil, run)
			p.abandon()
		})
	})
	err := runHandler(jobCtx, h, env)
	stopWatch()
	if !state.CompareAndSwap(jobRunning, jobFinished) {
		return false
	}
	w.opts.Metrics.addInFlight(-1)
	w.settle(p.stopCtx, d, env, attempt, start, err, p.jobsCtx.Err() != nil, run)
	return true
}

// jobRun is one attempt's span and its bounded type label (unknownType for an unregistered
// type).
type jobRun struct {
	ctx       context.Context
	span      trace.Span
	typeLabel string
}

// jobLogger is the logger a handler finds with zerolog.Ctx(ctx): its lines carry the job's id,
// type and attempt, and the id of the request that enqueued it.
func (w *Worker) jobLogger(env Envelope, attempt int) *zerolog.Logger {
	lc := w.opts.Logger.With().Str("job_id", env.ID).Str("job_type", env.Type).Int("attempt", attempt)
	if env.RequestID != "" {
		lc = lc.Str("request_id", env.RequestID)
	}
	l := lc.Logger()
	return &l
}

// runHandler calls the handler, turning a panic into a retryable error.
func runHandler(ctx context.Context, h *handler, env Envelope) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = panicError{value: p, stack: debug.Stack()}
		}
	}()
	return h.run(ctx, env.Payload)
}

type panicError struct {
	value any
	stack []byte
}

func (p panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// settle acks, retries, releases or dead-letters d after its handler returned err, logs the
// outcome, records it in the metrics and ends the attempt's span. Payloads are never logged:
// they may hold personal data.
func (w *Worker) settle(ctx context.Context, d Delivery, env Envelope, attempt int, start time.Time, err error, stopped bool, run jobRun) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	maxAttempts := env.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = w.opts.MaxAttempts
	}
	var outcome string
	var settleErr error
	var retryAfter time.Duration
	switch {
	case err == nil:
		outcome, settleErr = OutcomeOK, d.Ack(sctx)
	case stopped:
		// The shutdown cut it short: another worker picks it up, and the attempt does not count.
		outcome, settleErr = OutcomeReleased, d.Release(sctx)
	case IsPermanent(err) || errors.Is(err, ErrUnknownType) || attempt >= maxAttempts:
		outcome, settleErr = OutcomeDead, d.DeadLetter(sctx, err)
	default:
		retryAfter = Backoff(attempt, w.opts.BackoffBase, w.opts.BackoffMax, w.opts.Rand)
		outcome, settleErr = OutcomeRetry, d.Retry(sctx, retryAfter)
	}

	elapsed := w.opts.Now().Sub(start)
	w.opts.Metrics.addProcessed(outcome, elapsed)
	w.tel.endJob(run.ctx, run.span, run.typeLabel, outcome, elapsed, err)
	var ev *zerolog.Event
	switch outcome {
	case OutcomeOK, OutcomeReleased:
		ev = w.opts.Logger.Info()
	case OutcomeRetry:
		ev = w.opts.Logger.Warn().Dur("retry_in", retryAfter)
	default:
		ev = w.opts.Logger.Error()
	}
	ev = ev.Str("job_id", env.ID).Str("job_type", env.Type).Int("attempt", attempt).
		Int64("duration_ms", elapsed.Milliseconds()).Str("outcome", outcome)
	if env.RequestID != "" {
		ev = ev.Str("request_id", env.RequestID)
	}
	if err != nil && !stopped {
		ev = ev.Err(err)
		var p panicError
		if errors.As(err, &p) {
			ev = ev.Bytes("stack", p.stack)
		}
	}
	// The job's context lets a log hook add the span's trace_id and span_id.
	ev.Ctx(run.ctx).Msg("job")
	if settleErr != nil {
		w.opts.Logger.Error().Err(settleErr).Str("job_id", env.ID).Str("job_type", env.Type).Str("outcome", outcome).
			Msg("jobs: settle failed; the queue will redeliver it")
	}
}

// release hands back a delivery received during shutdown.
func (w *Worker) release(ctx context.Context, d Delivery) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := d.Release(sctx); err != nil {
		env := d.Envelope()
		w.opts.Logger.Error().Err(err).Str("job_id", env.ID).Str("job_type", env.Type).Msg("jobs: release failed")
	}
}

type envelopeKey struct{}

type jobInfo struct {
	env     Envelope
	attempt int
}

func withEnvelope(ctx context.Context, env Envelope, attempt int) context.Context {
	return context.WithValue(ctx, envelopeKey{}, jobInfo{env: env, attempt: attempt})
}

// Info describes the job a handler is running.
type Info struct {
	ID          string
	Type        string
	Attempt     int
	MaxAttempts int
	RequestID   string
	// Traceparent is the W3C trace context of the enqueue, if it was made inside a trace: the
	// job's span ("job <type>") links to it.
	Traceparent string
	EnqueuedAt  time.Time
}

// FromContext returns the running job's id, type and attempt inside a handler.
func FromContext(ctx context.Context) (Info, bool) {
	j, ok := ctx.Value(envelopeKey{}).(jobInfo)
	if !ok {
		return Info{}, false
	}
	return Info{
		ID: j.env.ID, Type: j.env.Type, Attempt: j.attempt, MaxAttempts: j.env.MaxAttempts,
		RequestID: j.env.RequestID, Traceparent: j.env.Traceparent, EnqueuedAt: j.env.EnqueuedAt,
	}, true
}
