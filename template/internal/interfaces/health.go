// Package interfaces declares the services the HTTP layer consumes, so handlers depend on
// behaviour rather than on domain packages' concrete types, and tests can substitute them.
package interfaces

import "context"

// HealthService reports whether the app can serve traffic.
type HealthService interface {
	Ready(ctx context.Context) error
}
