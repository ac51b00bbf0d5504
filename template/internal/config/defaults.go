package config

import (
	"maps"
	"strings"
	"time"
)

// defaults returns a value for every key. The base values are the production
// ones, so an unknown environment (which Validate rejects anyway) never ends
// up with development's relaxed settings.
func defaults(environment string) map[string]any {
	d := map[string]any{
		"environment": EnvProduction,
		"secret_key":  "",

		// Listening on every interface is right inside a container and wrong
		// on a laptop, hence the loopback override below.
		"server.addr":                ":8080",
		"server.read_header_timeout": 5 * time.Second,
		"server.read_timeout":        15 * time.Second,
		"server.write_timeout":       30 * time.Second,
		"server.idle_timeout":        60 * time.Second,
		"server.max_header_bytes":    1 << 20,
		"server.shutdown_timeout":    30 * time.Second,
		"server.drain_delay":         time.Duration(0),
		"server.trusted_proxies":     []string{},
		// No guess in production: links in emails must name the public
		// address, which only the operator knows.
		"server.base_url": "",

		"database.url":                defaultDatabaseURL,
		"database.auth_token":         "",
		"database.sync_url":           "",
		"database.connect_timeout":    10 * time.Second,
		"database.max_open_conns":     defaultMaxOpenConns,
		"database.max_idle_conns":     defaultMaxIdleConns,
		"database.conn_max_lifetime":  defaultConnMaxLifetime,
		"database.conn_max_idle_time": defaultConnMaxIdleTime,
		// Production migrates as a separate release step, so several
		// replicas starting at once never race on the schema.
		"database.migrate_on_start": false,

		"log.level":  "info",
		"log.format": "json",

		// Below the 30s write timeout, so a slow handler still gets its 504
		// page out before the server cuts the connection.
		"middleware.request_timeout":          25 * time.Second,
		"middleware.throttle_limit":           100,
		"middleware.throttle_backlog_limit":   200,
		"middleware.throttle_backlog_timeout": 10 * time.Second,
		"middleware.rate_limit_requests":      300,
		"middleware.rate_limit_window":        time.Minute,
		"middleware.max_body_bytes":           int64(1 << 20),

		"security.hsts_preload":    false,
		"security.trusted_origins": []string{},

		"cors.enabled":           false,
		"cors.allowed_origins":   []string{},
		"cors.allow_credentials": false,

		// Production adds the "__Host-" prefix (see SessionConfig).
		"session.cookie_name":    strings.ToLower(EnvPrefix) + "_session",
		"session.cookie_domain":  "",
		"session.lifetime":       24 * time.Hour,
		"session.idle_timeout":   20 * time.Minute,
		"session.sweep_interval": 5 * time.Minute,

		"auth.otp_ttl":             10 * time.Minute,
		"auth.magic_link_ttl":      15 * time.Minute,
		"auth.otp_max_attempts":    3,
		"auth.challenges_per_hour": 5,
		"auth.rate_limit_requests": 20,
		"auth.rate_limit_window":   time.Minute,
		"auth.sms_enabled":         false,
		"auth.sms_daily_limit":     1000,
		"auth.admin_emails":        []string{},

		// A year of audit trail.
		"audit.retention": 365 * 24 * time.Hour,

		// The providers and their own sections come from the answers the
		// app was generated with (messagingDefaults). SMTP is always there:
		// production has no server to guess and insists on TLS; the from
		// address is required there.
		"email.from":          "",
		"email.from_name":     "",
		"email.timeout":       10 * time.Second,
		"email.smtp.host":     "",
		"email.smtp.port":     587,
		"email.smtp.username": "",
		"email.smtp.password": "",
		"email.smtp.tls":      "starttls",
		// Email trips on a failure rate: a provider that loses one message
		// in three is down for practical purposes, while a single failure
		// among many successes is not.
		"email.breaker.consecutive_failures": 0,
		"email.breaker.min_requests":         5,
		"email.breaker.failure_percent":      30,
		"email.breaker.interval":             30 * time.Second,
		"email.breaker.open_timeout":         120 * time.Second,
		"email.breaker.half_open_requests":   5,

		// One SMS provider call (an API request) gives up after this.
		"sms.timeout": 10 * time.Second,
		// SMS is sent rarely, so a failure rate needs too long to build up;
		// three failures in a row trip it instead.
		"sms.breaker.consecutive_failures": 3,
		"sms.breaker.min_requests":         0,
		"sms.breaker.failure_percent":      0,
		"sms.breaker.interval":             time.Duration(0),
		"sms.breaker.open_timeout":         60 * time.Second,
		"sms.breaker.half_open_requests":   3,

		"rbac.reload_interval": 30 * time.Second,
	}
	// The OAuth keys depend on the providers chosen at generation time.
	maps.Copy(d, oauthDefaults())
	// So do the email and SMS providers and their sections.
	maps.Copy(d, messagingDefaults())
	// So do the storage and job queue keys.
	maps.Copy(d, storageDefaults())
	maps.Copy(d, jobsDefaults())
	maps.Copy(d, observabilityDefaults(environment))

	switch environment {
	case EnvDevelopment:
		d["server.addr"] = "127.0.0.1:8080"
		d["database.migrate_on_start"] = true
		d["log.level"] = "debug"
		d["log.format"] = "console"
		d["server.base_url"] = "http://127.0.0.1:8080"
		// Local queues (moto, the Pub/Sub emulator) start empty.
		d["jobs.auto_create"] = true
		devEmail(d)
	case EnvTest:
		// Port 0 lets parallel test binaries each get a free port.
		d["server.addr"] = "127.0.0.1:0"
		d["database.migrate_on_start"] = true
		d["log.level"] = "warn"
		d["log.format"] = "console"
		// Tests start servers on free ports and set the real URL themselves.
		d["server.base_url"] = "http://127.0.0.1"
		d["jobs.auto_create"] = true
		devEmail(d)
	}
	return d
}

// devEmail points development and test at a local SMTP sink (Mailpit from
// docker-compose.yml), which speaks plain SMTP on port 1025.
func devEmail(d map[string]any) {
	d["email.from"] = "no-reply@localhost"
	d["email.smtp.host"] = "127.0.0.1"
	d["email.smtp.port"] = 1025
	d["email.smtp.tls"] = "none"
}
