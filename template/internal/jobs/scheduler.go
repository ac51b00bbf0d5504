package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// RunStore records which instance runs each due slot of a schedule. SQLRuns is the app's,
// over the job_schedule_runs table.
type RunStore interface {
	// Claim records slot of schedule name as taken; false when another instance took it first.
	Claim(ctx context.Context, name string, slot time.Time) (bool, error)
	// Unclaim gives a slot back after its job could not be enqueued, so it is tried again.
	Unclaim(ctx context.Context, name string, slot time.Time) error
	// Last returns the latest claimed slot of schedule name; false when it never ran.
	Last(ctx context.Context, name string) (time.Time, bool, error)
}

// SchedulerOptions configures a Scheduler.
type SchedulerOptions struct {
	// Interval is how often Run checks for due slots (1s).
	Interval time.Duration
	// Now is the clock; tests pass a fake one. Defaults to time.Now.
	Now    func() time.Time
	Logger zerolog.Logger
}

// Scheduler enqueues jobs on cron schedules. Every instance of the app runs one; the RunStore
// makes each slot run once across them.
type Scheduler struct {
	client *Client
	store  RunStore
	opts   SchedulerOptions

	mu      sync.Mutex
	entries []*scheduleEntry
}

type scheduleEntry struct {
	name    string
	spec    string
	typ     string
	payload json.RawMessage
	sched   cron.Schedule
	// every is set for @every schedules, whose slots are multiples of it (see slotBefore).
	every time.Duration
	// last is the latest slot handled; zero until the first check reads it from the store.
	last time.Time
}

// specParser reads standard 5-field specs and descriptors (@daily, @every 90s).
var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// pruneAfter is how long claimed slots are kept; only the latest one is needed, the rest show
// recent runs to whoever looks at the table.
const pruneAfter = 7 * 24 * time.Hour

// NewScheduler returns a scheduler that enqueues through client and claims slots in store.
func NewScheduler(client *Client, store RunStore, opts SchedulerOptions) *Scheduler {
	if opts.Interval <= 0 {
		opts.Interval = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Scheduler{client: client, store: store, opts: opts}
}

// Schedule enqueues a job of type typ with payload at each time spec names, in UTC. spec is
// five fields (minute hour day-of-month month day-of-week, "0 3 * * *" is 03:00 daily) or a
// descriptor (@hourly, @daily, @every 15m). name identifies the schedule across instances and
// restarts: renaming it starts a new schedule. After downtime only the latest missed slot runs.
func (s *Scheduler) Schedule(name, spec, typ string, payload any) error {
	if !validName(name) {
		return fmt.Errorf("schedule %q: name must match ^[a-z][a-z0-9_.]{1,63}$", name)
	}
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return fmt.Errorf("schedule %s: spec %q: schedules run in UTC; drop the time zone", name, spec)
	}
	sched, err := specParser.Parse(spec)
	if err != nil {
		return fmt.Errorf("schedule %s: spec %q: %w", name, spec, err)
	}
	if !s.client.reg.Has(typ) {
		return fmt.Errorf("schedule %s: %w %q", name, ErrUnknownType, typ)
	}
	raw, err := encodePayload(payload)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", name, err)
	}
	e := &scheduleEntry{name: name, spec: spec, typ: typ, payload: raw, sched: sched}
	if every, ok := sched.(cron.ConstantDelaySchedule); ok {
		e.every = every.Delay
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, other := range s.entries {
		if other.name == name {
			return fmt.Errorf("schedule %s: scheduled twice", name)
		}
	}
	s.entries = append(s.entries, e)
	return nil
}

// Names lists the schedules, in the order they were added.
func (s *Scheduler) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, len(s.entries))
	for i, e := range s.entries {
		names[i] = e.name
	}
	return names
}

// Run checks for due slots every Interval until ctx is cancelled.
func (s *Scheduler) Run(ctx context.Context) error {
	tick := time.NewTicker(s.opts.Interval)
	defer tick.Stop()
	for {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.opts.Logger.Error().Err(err).Msg("jobs: schedule check failed")
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// Tick enqueues the job of every schedule with a slot due since the last check, if this
// instance claims the slot first. Run calls it; tests call it with a fake clock.
func (s *Scheduler) Tick(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now().UTC()
	var errs []error
	for _, e := range s.entries {
		if err := s.check(ctx, e, now); err != nil {
			errs = append(errs, fmt.Errorf("schedule %s: %w", e.name, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Scheduler) check(ctx context.Context, e *scheduleEntry, now time.Time) error {
	if e.last.IsZero() {
		last, ok, err := s.store.Last(ctx, e.name)
		if err != nil {
			return fmt.Errorf("read last run: %w", err)
		}
		if !ok {
			// A new schedule starts now rather than catching up on slots before it existed.
			last = now
		}
		e.last = last.UTC()
	}
	slot, ok := e.slotBefore(now)
	if !ok || !slot.After(e.last) {
		return nil
	}
	won, err := s.store.Claim(ctx, e.name, slot)
	if err != nil {
		return fmt.Errorf("claim %s: %w", slot.Format(time.RFC3339), err)
	}
	if !won {
		e.last = slot
		return nil
	}
	id, err := s.client.Enqueue(ctx, e.typ, e.payload)
	if err != nil {
		// Give the slot back so that the next check, here or elsewhere, tries again.
		if uerr := s.store.Unclaim(context.WithoutCancel(ctx), e.name, slot); uerr != nil {
			err = errors.Join(err, fmt.Errorf("unclaim: %w", uerr))
		}
		return fmt.Errorf("enqueue slot %s: %w", slot.Format(time.RFC3339), err)
	}
	e.last = slot
	s.opts.Logger.Info().Str("schedule", e.name).Time("slot_at", slot).Str("job_id", id).Str("job_type", e.typ).Msg("job scheduled")
	if p, ok := s.store.(interface {
		Prune(ctx context.Context, name string, before time.Time) error
	}); ok {
		if err := p.Prune(ctx, e.name, slot.Add(-pruneAfter)); err != nil {
			s.opts.Logger.Warn().Err(err).Str("schedule", e.name).Msg("jobs: prune schedule runs")
		}
	}
	return nil
}

// slotBefore returns the latest slot at or before now and after e.last: after downtime the
// missed slots before it are skipped, since running a job once per missed slot in a burst is
// rarely what a schedule means.
func (e *scheduleEntry) slotBefore(now time.Time) (time.Time, bool) {
	if e.every > 0 {
		// robfig's @every counts from when it was first asked; instances started at different
		// times would then disagree on the slots. Multiples of the interval (since the zero
		// time, so whole minutes, hours and UTC days) are the same everywhere.
		slot := now.Truncate(e.every)
		return slot, slot.After(e.last)
	}
	var slot time.Time
	for t := e.sched.Next(e.last); !t.IsZero() && !t.After(now); t = e.sched.Next(t) {
		slot = t
	}
	return slot, !slot.IsZero()
}
