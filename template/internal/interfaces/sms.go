package interfaces

import "context"

// SMSSender delivers a text message to an E.164 phone number and returns the provider's
// message id. Adapters live in internal/adapters/sms and fail with the errors in email.go
// (ErrPermanent, Transient, ErrUnavailable).
type SMSSender interface {
	Send(ctx context.Context, to, body string) (id string, err error)
}
