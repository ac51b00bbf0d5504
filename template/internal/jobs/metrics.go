package jobs

import (
	"slices"
	"sync/atomic"
	"time"
)

// outcomes are the outcomes Metrics counts, in the order of its counters.
var outcomes = [...]string{OutcomeOK, OutcomeRetry, OutcomeDead, OutcomeReleased}

// Metrics counts what a client and a worker do: jobs enqueued, jobs running, and jobs
// processed by outcome with their total duration. Plain atomics, so that counting costs the
// worker no lock per job. Pass one to ClientOptions and WorkerOptions, and read it with
// Snapshot (cmd/worker's /metrics, tests).
type Metrics struct {
	enqueued  atomic.Int64
	inFlight  atomic.Int64
	processed [len(outcomes)]atomic.Int64
	duration  [len(outcomes)]atomic.Int64
}

// MetricsSnapshot is Metrics at one moment.
type MetricsSnapshot struct {
	Enqueued int64
	InFlight int64
	// Processed counts handled jobs by outcome (OutcomeOK, OutcomeRetry, OutcomeDead,
	// OutcomeReleased), and Duration sums their handler time; outcomes never seen are absent.
	Processed map[string]int64
	Duration  map[string]time.Duration
}

// NewMetrics returns zeroed metrics.
func NewMetrics() *Metrics {
	return &Metrics{}
}

func (m *Metrics) addEnqueued() {
	if m != nil {
		m.enqueued.Add(1)
	}
}

func (m *Metrics) addInFlight(n int64) {
	if m != nil {
		m.inFlight.Add(n)
	}
}

func (m *Metrics) addProcessed(outcome string, d time.Duration) {
	if m == nil {
		return
	}
	if i := slices.Index(outcomes[:], outcome); i >= 0 {
		m.processed[i].Add(1)
		m.duration[i].Add(int64(d))
	}
}

// Snapshot copies the current values.
func (m *Metrics) Snapshot() MetricsSnapshot {
	s := MetricsSnapshot{
		Enqueued:  m.enqueued.Load(),
		InFlight:  m.inFlight.Load(),
		Processed: map[string]int64{},
		Duration:  map[string]time.Duration{},
	}
	for i, outcome := range outcomes {
		if n := m.processed[i].Load(); n > 0 {
			s.Processed[outcome] = n
			s.Duration[outcome] = time.Duration(m.duration[i].Load())
		}
	}
	return s
}

// Outcomes lists the outcomes in s, sorted, for stable output.
func (s MetricsSnapshot) Outcomes() []string {
	out := make([]string, 0, len(s.Processed))
	for o := range s.Processed {
		out = append(out, o)
	}
	slices.Sort(out)
	return out
}
