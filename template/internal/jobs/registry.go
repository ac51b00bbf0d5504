package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Handler runs one job of a registered type; Register builds it from a typed function.
type handler struct {
	typ         string
	run         func(ctx context.Context, payload json.RawMessage) error
	decode      func(payload json.RawMessage) error
	maxAttempts int
	timeout     time.Duration
}

// HandlerOption tunes one job type.
type HandlerOption func(*handler)

// WithMaxAttempts overrides the worker's attempts limit for this type: a job is dead-lettered
// after failing n times. Enqueue's MaxAttempts overrides it for one job.
func WithMaxAttempts(n int) HandlerOption {
	return func(h *handler) { h.maxAttempts = n }
}

// WithTimeout overrides the worker's per-job deadline for this type.
func WithTimeout(d time.Duration) HandlerOption {
	return func(h *handler) { h.timeout = d }
}

// Registry maps job types to handlers. The server (to check types at enqueue) and the worker
// (to run them) register the same handlers, through tasks.Register.
type Registry struct {
	mu       sync.RWMutex
	handlers map[string]*handler
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{handlers: map[string]*handler{}}
}

// badPayloadError is a payload the handler's type cannot decode: no retry will decode it.
type badPayloadError struct{ err error }

func (b badPayloadError) Error() string { return "bad payload: " + b.err.Error() }
func (b badPayloadError) Unwrap() error { return b.err }

// Register adds the handler for typ; T is the payload, decoded from the envelope's JSON. It
// panics on an invalid or duplicate type, like http.ServeMux does on a duplicate pattern:
// registration runs at startup, where a mistake should stop the program.
func Register[T any](reg *Registry, typ string, h func(context.Context, T) error, opts ...HandlerOption) {
	if err := ValidateType(typ); err != nil {
		panic(err)
	}
	entry := &handler{
		typ: typ,
		run: func(ctx context.Context, payload json.RawMessage) error {
			var v T
			if err := json.Unmarshal(payload, &v); err != nil {
				return Permanent(badPayloadError{err: err})
			}
			return h(ctx, v)
		},
		decode: func(payload json.RawMessage) error {
			var v T
			return json.Unmarshal(payload, &v)
		},
	}
	for _, o := range opts {
		o(entry)
	}
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if _, dup := reg.handlers[typ]; dup {
		panic(fmt.Sprintf("jobs: type %q registered twice", typ))
	}
	reg.handlers[typ] = entry
}

func (reg *Registry) lookup(typ string) (*handler, bool) {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	h, ok := reg.handlers[typ]
	return h, ok
}

// Has reports whether typ has a handler.
func (reg *Registry) Has(typ string) bool {
	_, ok := reg.lookup(typ)
	return ok
}

// CheckPayload reports whether payload decodes into typ's payload type: ErrUnknownType for an
// unregistered type, ErrInvalidPayload wrapping the decoder's error otherwise. The admin page
// checks payloads typed by hand before it enqueues them.
func (reg *Registry) CheckPayload(typ string, payload json.RawMessage) error {
	h, ok := reg.lookup(typ)
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownType, typ)
	}
	if !isJSONObject(payload) {
		return ErrInvalidPayload
	}
	if err := h.decode(payload); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidPayload, err)
	}
	return nil
}

// Types lists the registered types, sorted.
func (reg *Registry) Types() []string {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	types := make([]string, 0, len(reg.handlers))
	for t := range reg.handlers {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}
