// Package jobs runs background work: typed handlers, retries with jittered backoff, dead
// letters, delays and cron schedules, over a queue provider (a Broker).
package jobs

import (
	"context"
	"encoding/json"
	"time"
)

// Envelope is the message every provider carries (version 1, JSON).
type Envelope struct {
	Version     int             `json:"v"`
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Payload     json.RawMessage `json:"payload"`
	EnqueuedAt  time.Time       `json:"enqueued_at"`
	RunAt       *time.Time      `json:"run_at,omitempty"`
	MaxAttempts int             `json:"max_attempts"`
	Attempt     int             `json:"attempt,omitempty"`
	RequestID   string          `json:"request_id,omitempty"`
	Traceparent string          `json:"traceparent,omitempty"`
}

// Broker is a queue provider (memory, SQS, Pub/Sub).
type Broker interface {
	// Send queues env to be delivered after delay.
	Send(ctx context.Context, env Envelope, delay time.Duration) error
	// Receive blocks until at least one message is due or ctx is done, and returns at most max.
	Receive(ctx context.Context, max int) ([]Delivery, error)
	// MaxDelay is the longest delay Send accepts; 0 means any.
	MaxDelay() time.Duration
	Close() error
}

// Delivery is one received message and what the worker decides about it.
type Delivery interface {
	Envelope() Envelope
	// Attempt counts deliveries of this message, the current one included (1 first).
	Attempt() int
	// Ack removes the message: it was handled.
	Ack(ctx context.Context) error
	// Retry makes the message due again after the backoff: the attempt failed.
	Retry(ctx context.Context, after time.Duration) error
	// Release makes the message due again at once without counting a failure (drain).
	Release(ctx context.Context) error
	// DeadLetter keeps the envelope with the error, the attempts and the time, and removes it.
	DeadLetter(ctx context.Context, cause error) error
}

// Stats is what an Inspector reports about a queue.
type Stats struct {
	Depth    int
	InFlight int
	Dead     int
}

// DeadLetter is a message that will not be retried, with why.
type DeadLetter struct {
	Envelope Envelope  `json:"envelope"`
	Error    string    `json:"error"`
	Attempts int       `json:"attempts"`
	FailedAt time.Time `json:"failed_at"`
}

// Inspector is implemented by brokers that can report their depth and dead letters.
type Inspector interface {
	Stats(ctx context.Context) (Stats, error)
	DeadLetterLister
}

// DeadLetterLister is implemented by brokers that can list their dead letters, including those
// that cannot count their queue (Pub/Sub has no depth API).
type DeadLetterLister interface {
	DeadLetters(ctx context.Context, limit int) ([]DeadLetter, error)
}

// Redriver is implemented by brokers that can queue a dead letter again.
type Redriver interface {
	// Redrive removes the dead letter whose envelope has id and queues the envelope again with
	// its attempts starting over; ErrDeadLetterNotFound when there is none.
	Redrive(ctx context.Context, id string) error
}
