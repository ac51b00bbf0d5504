package health

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrUnavailable means a dependency did not answer; the cause is wrapped for the logs only.
var ErrUnavailable = errors.New("service unavailable")

// DefaultTimeout bounds a readiness check, so a hung database cannot hang the probe.
const DefaultTimeout = 2 * time.Second

// Pinger is what the service needs from storage.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Service checks the app's dependencies.
type Service struct {
	db      Pinger
	timeout time.Duration
}

// NewService returns a Service that gives each check at most timeout.
func NewService(db Pinger, timeout time.Duration) *Service {
	return &Service{db: db, timeout: timeout}
}

// Ready returns nil when every dependency answers in time, or an error wrapping ErrUnavailable.
func (s *Service) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		return fmt.Errorf("%w: database: %w", ErrUnavailable, err)
	}
	return nil
}
