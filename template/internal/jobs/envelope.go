package jobs

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// EnvelopeVersion is the envelope format this code writes and reads.
const EnvelopeVersion = 1

// MaxPayloadBytes caps a payload: queues limit message sizes (SQS 256 KiB), and a job that
// needs more should carry a storage key instead of the data.
const MaxPayloadBytes = 256 << 10

var (
	// ErrUnknownType means no handler is registered for the job type.
	ErrUnknownType = errors.New("jobs: unknown job type")
	// ErrInvalidType means the type does not match ^[a-z][a-z0-9_.]{1,63}$.
	ErrInvalidType = errors.New("jobs: invalid job type")
	// ErrTooLarge means the encoded payload is over MaxPayloadBytes.
	ErrTooLarge = errors.New("jobs: payload too large")
	// ErrInvalidPayload means the payload does not encode to a JSON object.
	ErrInvalidPayload = errors.New("jobs: payload must encode to a JSON object")
	// ErrQueueFull means the broker refused the job for lack of room (memory capacity).
	ErrQueueFull = errors.New("jobs: queue full")
	// ErrDelayUnsupported means the delay is longer than the broker can hold a job.
	ErrDelayUnsupported = errors.New("jobs: delay longer than the queue supports")
	// ErrClosed means the broker has been closed or drained.
	ErrClosed = errors.New("jobs: queue closed")
	// ErrDeadLetterNotFound means no dead letter has the id given to Redrive.
	ErrDeadLetterNotFound = errors.New("jobs: dead letter not found")
	// ErrSettled means a delivery was already acked, retried, released or dead-lettered.
	ErrSettled = errors.New("jobs: delivery already settled")
)

// ValidateType checks a job type name against ^[a-z][a-z0-9_.]{1,63}$: types end up in metric
// labels, log fields and queue attributes, where a plain name is safe everywhere.
func ValidateType(typ string) error {
	if !validName(typ) {
		return fmt.Errorf("%w %q: want ^[a-z][a-z0-9_.]{1,63}$", ErrInvalidType, typ)
	}
	return nil
}

// validName matches ^[a-z][a-z0-9_.]{1,63}$ by hand: it runs on every enqueue, where the
// regexp was a noticeable share of the cost.
func validName(s string) bool {
	if len(s) < 2 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range []byte(s[1:]) {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// NewEnvelope builds a version-1 envelope with a fresh UUIDv7 id (time-ordered, so ids sort
// roughly by enqueue time in logs and dead-letter lists).
func NewEnvelope(typ string, payload any, now time.Time) (Envelope, error) {
	if err := ValidateType(typ); err != nil {
		return Envelope{}, err
	}
	return newEnvelope(typ, payload, now)
}

func newEnvelope(typ string, payload any, now time.Time) (Envelope, error) {
	raw, err := encodePayload(payload)
	if err != nil {
		return Envelope{}, fmt.Errorf("job %s: %w", typ, err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Envelope{}, fmt.Errorf("job %s: new id: %w", typ, err)
	}
	return Envelope{
		Version:    EnvelopeVersion,
		ID:         id.String(),
		Type:       typ,
		Payload:    raw,
		EnqueuedAt: now.UTC(),
	}, nil
}

func encodePayload(payload any) (json.RawMessage, error) {
	var raw []byte
	switch p := payload.(type) {
	case nil:
		raw = []byte("{}")
	case json.RawMessage:
		raw = p
	default:
		var err error
		if raw, err = json.Marshal(payload); err != nil {
			return nil, fmt.Errorf("encode payload: %w", err)
		}
	}
	if len(raw) > MaxPayloadBytes {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d; store the data and pass its key", ErrTooLarge, len(raw), MaxPayloadBytes)
	}
	if !isJSONObject(raw) {
		return nil, ErrInvalidPayload
	}
	return raw, nil
}

func isJSONObject(raw []byte) bool {
	for _, c := range raw {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			return json.Valid(raw)
		default:
			return false
		}
	}
	return false
}

// Marshal encodes env for a broker's message body.
func (e Envelope) Marshal() ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode envelope %s: %w", e.ID, err)
	}
	return b, nil
}

// UnmarshalEnvelope decodes a message body written by Marshal. A body that is not a version-1
// envelope is an error the worker dead-letters: retrying cannot fix it.
func UnmarshalEnvelope(body []byte) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return Envelope{}, fmt.Errorf("decode envelope: %w", err)
	}
	if env.Version != EnvelopeVersion {
		return Envelope{}, fmt.Errorf("decode envelope %s: version %d, want %d", env.ID, env.Version, EnvelopeVersion)
	}
	return env, nil
}
