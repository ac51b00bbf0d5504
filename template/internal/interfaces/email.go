package interfaces

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// EmailMessage is one email with a plain-text and an HTML body. Headers are extra header
// fields (for example List-Unsubscribe); the adapter sets Message-ID and Date itself.
type EmailMessage struct {
	To      string
	From    string
	ReplyTo string
	Subject string
	Text    string
	HTML    string
	Headers map[string]string
}

// EmailSender delivers an email and returns the provider's message id. Adapters live in
// internal/adapters/email; callers depend on this interface so a provider is one file.
type EmailSender interface {
	Send(ctx context.Context, m EmailMessage) (id string, err error)
}

// Delivery errors shared by the email and SMS adapters. A failed send is one of three kinds:
// permanent (ErrPermanent in the chain: retrying cannot help, e.g. a rejected address),
// transient (Transient: the provider may accept it later) or unavailable (ErrUnavailable: the
// circuit breaker is open and nothing was sent). Callers map the last two to 503.
var (
	ErrPermanent   = errors.New("permanent delivery failure")
	ErrUnavailable = errors.New("delivery service unavailable")
)

// transientError marks a failure worth retrying, with the provider's Retry-After if it sent one.
type transientError struct {
	err        error
	retryAfter time.Duration
}

func (e *transientError) Error() string {
	return fmt.Sprintf("transient delivery failure: %v", e.err)
}

func (e *transientError) Unwrap() error { return e.err }

// Transient marks err as worth retrying; retryAfter is the provider's requested wait (0: none).
func Transient(err error, retryAfter time.Duration) error {
	if err == nil {
		return nil
	}
	return &transientError{err: err, retryAfter: retryAfter}
}

// IsTransient reports whether err (anywhere in its chain) was marked Transient, and the
// Retry-After that came with it.
func IsTransient(err error) (bool, time.Duration) {
	var t *transientError
	if errors.As(err, &t) {
		return true, t.retryAfter
	}
	return false, 0
}
