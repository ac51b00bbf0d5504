package config

import (
	"log/slog"
	"net/url"
	"strings"

	"github.com/rs/zerolog"
)

const redactedMark = "[REDACTED]"

// LogValue lets the configuration be logged at startup without leaking
// credentials: secrets become "[REDACTED]" and passwords inside database URLs
// are masked. A value receiver makes both Config and *Config qualify.
func (c Config) LogValue() slog.Value {
	r := c.redacted()
	return slog.GroupValue(
		slog.String("environment", r.Environment),
		slog.String("secret_key", r.SecretKey),
		slog.Group("server",
			slog.String("addr", r.Server.Addr),
			slog.Duration("read_header_timeout", r.Server.ReadHeaderTimeout),
			slog.Duration("read_timeout", r.Server.ReadTimeout),
			slog.Duration("write_timeout", r.Server.WriteTimeout),
			slog.Duration("idle_timeout", r.Server.IdleTimeout),
			slog.Int("max_header_bytes", r.Server.MaxHeaderBytes),
			slog.Duration("shutdown_timeout", r.Server.ShutdownTimeout),
			slog.Duration("drain_delay", r.Server.DrainDelay),
			slog.Any("trusted_proxies", r.Server.TrustedProxies),
			slog.String("base_url", r.Server.BaseURL),
		),
		slog.Group("database",
			slog.String("url", r.Database.URL),
			slog.String("auth_token", r.Database.AuthToken),
			slog.String("sync_url", r.Database.SyncURL),
			slog.Duration("connect_timeout", r.Database.ConnectTimeout),
			slog.Int("max_open_conns", r.Database.MaxOpenConns),
			slog.Int("max_idle_conns", r.Database.MaxIdleConns),
			slog.Duration("conn_max_lifetime", r.Database.ConnMaxLifetime),
			slog.Duration("conn_max_idle_time", r.Database.ConnMaxIdleTime),
			slog.Bool("migrate_on_start", r.Database.MigrateOnStart),
		),
		slog.Group("log",
			slog.String("level", r.Log.Level),
			slog.String("format", r.Log.Format),
		),
		slog.Group("middleware",
			slog.Duration("request_timeout", r.Middleware.RequestTimeout),
			slog.Int("throttle_limit", r.Middleware.ThrottleLimit),
			slog.Int("throttle_backlog_limit", r.Middleware.ThrottleBacklogLimit),
			slog.Duration("throttle_backlog_timeout", r.Middleware.ThrottleBacklogTimeout),
			slog.Int("rate_limit_requests", r.Middleware.RateLimitRequests),
			slog.Duration("rate_limit_window", r.Middleware.RateLimitWindow),
			slog.Int64("max_body_bytes", r.Middleware.MaxBodyBytes),
		),
		slog.Group("security",
			slog.Bool("hsts_preload", r.Security.HSTSPreload),
			slog.Any("trusted_origins", r.Security.TrustedOrigins),
		),
		slog.Group("cors",
			slog.Bool("enabled", r.CORS.Enabled),
			slog.Any("allowed_origins", r.CORS.AllowedOrigins),
			slog.Bool("allow_credentials", r.CORS.AllowCredentials),
		),
		slog.Group("session",
			slog.String("cookie_name", r.Session.CookieName),
			slog.String("cookie_domain", r.Session.CookieDomain),
			slog.Duration("lifetime", r.Session.Lifetime),
			slog.Duration("idle_timeout", r.Session.IdleTimeout),
			slog.Duration("sweep_interval", r.Session.SweepInterval),
		),
		slog.Group("auth",
			slog.Duration("otp_ttl", r.Auth.OTPTTL),
			slog.Duration("magic_link_ttl", r.Auth.MagicLinkTTL),
			slog.Int("otp_max_attempts", r.Auth.OTPMaxAttempts),
			slog.Int("challenges_per_hour", r.Auth.ChallengesPerHour),
			slog.Int("rate_limit_requests", r.Auth.RateLimitRequests),
			slog.Duration("rate_limit_window", r.Auth.RateLimitWindow),
			slog.Bool("sms_enabled", r.Auth.SMSEnabled),
			slog.Int("sms_daily_limit", r.Auth.SMSDailyLimit),
			slog.Any("admin_emails", r.Auth.AdminEmails),
			slog.Any("oauth", r.Auth.OAuth),
		),
		slog.Group("audit",
			slog.Duration("retention", r.Audit.Retention),
		),
		slog.Any("email", r.Email),
		slog.Any("sms", r.SMS),
		slog.Group("rbac",
			slog.Duration("reload_interval", r.RBAC.ReloadInterval),
		),
		slog.Any("storage", r.Storage),
		slog.Any("jobs", r.Jobs),
		slog.Any("observability", r.Observability),
	)
}

// MarshalZerologObject is LogValue's counterpart for zerolog, e.g.
// log.Info().Object("config", cfg).Msg("starting").
func (c Config) MarshalZerologObject(e *zerolog.Event) {
	r := c.redacted()
	e.Str("environment", r.Environment).
		Str("secret_key", r.SecretKey).
		Dict("server", zerolog.Dict().
			Str("addr", r.Server.Addr).
			Dur("read_header_timeout", r.Server.ReadHeaderTimeout).
			Dur("read_timeout", r.Server.ReadTimeout).
			Dur("write_timeout", r.Server.WriteTimeout).
			Dur("idle_timeout", r.Server.IdleTimeout).
			Int("max_header_bytes", r.Server.MaxHeaderBytes).
			Dur("shutdown_timeout", r.Server.ShutdownTimeout).
			Dur("drain_delay", r.Server.DrainDelay).
			Strs("trusted_proxies", r.Server.TrustedProxies).
			Str("base_url", r.Server.BaseURL)).
		Dict("database", zerolog.Dict().
			Str("url", r.Database.URL).
			Str("auth_token", r.Database.AuthToken).
			Str("sync_url", r.Database.SyncURL).
			Dur("connect_timeout", r.Database.ConnectTimeout).
			Int("max_open_conns", r.Database.MaxOpenConns).
			Int("max_idle_conns", r.Database.MaxIdleConns).
			Dur("conn_max_lifetime", r.Database.ConnMaxLifetime).
			Dur("conn_max_idle_time", r.Database.ConnMaxIdleTime).
			Bool("migrate_on_start", r.Database.MigrateOnStart)).
		Dict("log", zerolog.Dict().
			Str("level", r.Log.Level).
			Str("format", r.Log.Format)).
		Dict("middleware", zerolog.Dict().
			Dur("request_timeout", r.Middleware.RequestTimeout).
			Int("throttle_limit", r.Middleware.ThrottleLimit).
			Int("throttle_backlog_limit", r.Middleware.ThrottleBacklogLimit).
			Dur("throttle_backlog_timeout", r.Middleware.ThrottleBacklogTimeout).
			Int("rate_limit_requests", r.Middleware.RateLimitRequests).
			Dur("rate_limit_window", r.Middleware.RateLimitWindow).
			Int64("max_body_bytes", r.Middleware.MaxBodyBytes)).
		Dict("security", zerolog.Dict().
			Bool("hsts_preload", r.Security.HSTSPreload).
			Strs("trusted_origins", r.Security.TrustedOrigins)).
		Dict("cors", zerolog.Dict().
			Bool("enabled", r.CORS.Enabled).
			Strs("allowed_origins", r.CORS.AllowedOrigins).
			Bool("allow_credentials", r.CORS.AllowCredentials)).
		Dict("session", zerolog.Dict().
			Str("cookie_name", r.Session.CookieName).
			Str("cookie_domain", r.Session.CookieDomain).
			Dur("lifetime", r.Session.Lifetime).
			Dur("idle_timeout", r.Session.IdleTimeout).
			Dur("sweep_interval", r.Session.SweepInterval)).
		Dict("auth", zerolog.Dict().
			Dur("otp_ttl", r.Auth.OTPTTL).
			Dur("magic_link_ttl", r.Auth.MagicLinkTTL).
			Int("otp_max_attempts", r.Auth.OTPMaxAttempts).
			Int("challenges_per_hour", r.Auth.ChallengesPerHour).
			Int("rate_limit_requests", r.Auth.RateLimitRequests).
			Dur("rate_limit_window", r.Auth.RateLimitWindow).
			Bool("sms_enabled", r.Auth.SMSEnabled).
			Int("sms_daily_limit", r.Auth.SMSDailyLimit).
			Strs("admin_emails", r.Auth.AdminEmails).
			Object("oauth", r.Auth.OAuth)).
		Dict("audit", zerolog.Dict().
			Dur("retention", r.Audit.Retention)).
		Object("email", r.Email).
		Object("sms", r.SMS).
		Dict("rbac", zerolog.Dict().
			Dur("reload_interval", r.RBAC.ReloadInterval)).
		Object("storage", r.Storage).
		Object("jobs", r.Jobs).
		Object("observability", r.Observability)
}

// LogValue logs the breaker settings; Config.LogValue uses it for email and SMS.
func (b BreakerConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("consecutive_failures", b.ConsecutiveFailures),
		slog.Int("min_requests", b.MinRequests),
		slog.Int("failure_percent", b.FailurePercent),
		slog.Duration("interval", b.Interval),
		slog.Duration("open_timeout", b.OpenTimeout),
		slog.Int("half_open_requests", b.HalfOpenRequests),
	)
}

// MarshalZerologObject is LogValue's counterpart for zerolog.
func (b BreakerConfig) MarshalZerologObject(e *zerolog.Event) {
	e.Int("consecutive_failures", b.ConsecutiveFailures).
		Int("min_requests", b.MinRequests).
		Int("failure_percent", b.FailurePercent).
		Dur("interval", b.Interval).
		Dur("open_timeout", b.OpenTimeout).
		Int("half_open_requests", b.HalfOpenRequests)
}

// redacted returns a copy safe to print. Both loggers render this copy, so a
// new secret field needs masking in one place only. The OAuth sections are the
// exception: their fields depend on the providers chosen when the app was
// generated, so each masks its own client secret as it is logged (oauth.go).
func (c Config) redacted() Config {
	c.SecretKey = redactSecret(c.SecretKey)
	c.Database.AuthToken = redactSecret(c.Database.AuthToken)
	c.Email.SMTP.Password = redactSecret(c.Email.SMTP.Password)
	c.Database.URL = redactURL(c.Database.URL)
	c.Database.SyncURL = redactURL(c.Database.SyncURL)
	return c
}

// redactSecret keeps "unset" visible, which is what one is usually checking.
func redactSecret(s string) string {
	if s == "" {
		return ""
	}
	return redactedMark
}

// redactURL masks the userinfo password and credential-looking query
// parameters (libsql's authToken, libpq's password and sslpassword).
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Whatever failed to parse may still contain a password.
		return redactedMark
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return redactedMark
		}
		masked := false
		for name := range q {
			n := strings.ToLower(name)
			if strings.Contains(n, "password") || strings.Contains(n, "token") || strings.Contains(n, "secret") {
				q.Set(name, "xxxxx")
				masked = true
			}
		}
		if masked {
			u.RawQuery = q.Encode()
		}
	}
	return u.Redacted()
}
