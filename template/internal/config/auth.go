package config

import "time"

// SessionConfig shapes the login session: a cookie holding a random token, the data in the
// app's own database (internal/session). In production the cookie is Secure and named
// "__Host-" + CookieName, which browsers only accept from the same host over HTTPS; setting
// CookieDomain (to share it with subdomains) drops that prefix.
type SessionConfig struct {
	CookieName   string `mapstructure:"cookie_name"`
	CookieDomain string `mapstructure:"cookie_domain"`
	// Lifetime is the absolute limit from login; IdleTimeout ends a session nobody used.
	Lifetime    time.Duration `mapstructure:"lifetime"`
	IdleTimeout time.Duration `mapstructure:"idle_timeout"`
	// SweepInterval is how often expired sessions, old challenges and audit rows past
	// Audit.Retention are deleted.
	SweepInterval time.Duration `mapstructure:"sweep_interval"`
}

// AuthConfig tunes the passwordless login: a one-time code and a magic link sent by email (or a
// code by SMS to a verified phone), and the OAuth providers beside it.
type AuthConfig struct {
	OTPTTL         time.Duration `mapstructure:"otp_ttl"`
	MagicLinkTTL   time.Duration `mapstructure:"magic_link_ttl"`
	OTPMaxAttempts int           `mapstructure:"otp_max_attempts"`
	// ChallengesPerHour caps login requests per email address or phone, counted in the
	// database so the cap survives restarts and holds across instances.
	ChallengesPerHour int `mapstructure:"challenges_per_hour"`
	// RateLimitRequests per RateLimitWindow per client IP on the login endpoints, beside the
	// app-wide limiter.
	RateLimitRequests int           `mapstructure:"rate_limit_requests"`
	RateLimitWindow   time.Duration `mapstructure:"rate_limit_window"`
	// SMSEnabled lets users add a phone on /account and log in with a code sent to it.
	SMSEnabled bool `mapstructure:"sms_enabled"`
	// SMSDailyLimit caps the SMS sent per day across all users, a guard on the bill.
	SMSDailyLimit int `mapstructure:"sms_daily_limit"`
	// AdminEmails are granted the admin role when they log in (audited with actor "system").
	AdminEmails []string    `mapstructure:"admin_emails"`
	OAuth       OAuthConfig `mapstructure:"oauth"`
}

// AuditConfig: audit rows older than Retention are purged by the session sweeper.
type AuditConfig struct {
	Retention time.Duration `mapstructure:"retention"`
}

// EmailConfig selects and configures the email adapter (internal/adapters/email).
type EmailConfig struct {
	Provider string        `mapstructure:"provider"`
	From     string        `mapstructure:"from"`
	FromName string        `mapstructure:"from_name"`
	Timeout  time.Duration `mapstructure:"timeout"`
	SMTP     SMTPConfig    `mapstructure:"smtp"`
	Breaker  BreakerConfig `mapstructure:"breaker"`
}

// SMTPConfig reaches an SMTP server; development and test point at Mailpit on
// 127.0.0.1:1025. TLS is none, starttls or tls; none is refused in production unless the
// host is a loopback address.
type SMTPConfig struct {
	Host     string `mapstructure:"host"`
	Port     int    `mapstructure:"port"`
	Username string `mapstructure:"username"`
	Password string `mapstructure:"password"`
	TLS      string `mapstructure:"tls"`
}

// SMSConfig selects and configures the SMS adapter (internal/adapters/sms).
type SMSConfig struct {
	Provider string        `mapstructure:"provider"`
	Breaker  BreakerConfig `mapstructure:"breaker"`
}

// BreakerConfig trips an adapter's circuit breaker: after ConsecutiveFailures failures in a row
// (0: off), or once MinRequests requests in Interval had FailurePercent or more failures (0:
// off). It then stays open for OpenTimeout and lets HalfOpenRequests probes through.
type BreakerConfig struct {
	ConsecutiveFailures int           `mapstructure:"consecutive_failures"`
	MinRequests         int           `mapstructure:"min_requests"`
	FailurePercent      int           `mapstructure:"failure_percent"`
	Interval            time.Duration `mapstructure:"interval"`
	OpenTimeout         time.Duration `mapstructure:"open_timeout"`
	HalfOpenRequests    int           `mapstructure:"half_open_requests"`
}

// RBACConfig: how often each instance reloads the Casbin policy from the database, so a grant
// made on one instance holds on the others (0 turns it off).
type RBACConfig struct {
	ReloadInterval time.Duration `mapstructure:"reload_interval"`
}
