// Package resilience holds the decorators every email and SMS adapter is wrapped in:
// logging(retry(breaker(adapter))). They are generic over the request type, so one
// implementation serves interfaces.EmailSender (request EmailMessage) and
// interfaces.SMSSender (request SMS).
package resilience

import "context"

// Send delivers one request and returns the provider's message id.
type Send[R any] func(ctx context.Context, req R) (id string, err error)

// SMS is the request type of the SMS decorators: interfaces.SMSSender takes two arguments.
type SMS struct {
	To   string
	Body string
}

type attemptsKey struct{}

// CountAttempts returns a context in which Retry counts its calls into *n, so the logging
// decorator (outside the retry loop) can report how many attempts a send took.
func CountAttempts(ctx context.Context) (context.Context, *int) {
	n := new(int)
	return context.WithValue(ctx, attemptsKey{}, n), n
}

func countAttempt(ctx context.Context) {
	if n, ok := ctx.Value(attemptsKey{}).(*int); ok {
		*n++
	}
}
