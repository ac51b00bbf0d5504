package routes

// Probe paths. They sit outside every session, CSRF and rate-limit middleware.
const (
	// Healthz is liveness: the process is up. It checks no dependency.
	Healthz = "/healthz"
	// Readyz is readiness: the database answers and the server is not draining.
	Readyz = "/readyz"
	// APIHealth is /readyz for clients that only talk to /api.
	APIHealth = "/api/health"
)

// AssetsPattern serves the embedded, content-hashed static files.
const AssetsPattern = "/assets/*"
