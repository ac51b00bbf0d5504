package jobs

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics counts what a client and a worker do: jobs enqueued, jobs running, and jobs
// processed by outcome with their total duration. It is safe for concurrent use; pass one to
// ClientOptions and WorkerOptions, and read it with Snapshot (cmd/worker's /metrics, tests).
type Metrics struct {
	enqueued atomic.Int64
	inFlight atomic.Int64

	mu        sync.Mutex
	processed map[string]*outcomeCount
}

type outcomeCount struct {
	n     int64
	total time.Duration
}

// MetricsSnapshot is Metrics at one moment.
type MetricsSnapshot struct {
	Enqueued int64
	InFlight int64
	// Processed counts handled jobs by outcome (OutcomeOK, OutcomeRetry, OutcomeDead,
	// OutcomeReleased), and Duration sums their handler time.
	Processed map[string]int64
	Duration  map[string]time.Duration
}

// NewMetrics returns zeroed metrics.
func NewMetrics() *Metrics {
	return &Metrics{processed: map[string]*outcomeCount{}}
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
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.processed[outcome]
	if !ok {
		c = &outcomeCount{}
		m.processed[outcome] = c
	}
	c.n++
	c.total += d
}

// Snapshot copies the current values.
func (m *Metrics) Snapshot() MetricsSnapshot {
	s := MetricsSnapshot{
		Enqueued:  m.enqueued.Load(),
		InFlight:  m.inFlight.Load(),
		Processed: map[string]int64{},
		Duration:  map[string]time.Duration{},
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for outcome, c := range m.processed {
		s.Processed[outcome] = c.n
		s.Duration[outcome] = c.total
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
