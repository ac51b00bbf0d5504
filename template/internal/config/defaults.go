package config

import "time"

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
	}

	switch environment {
	case EnvDevelopment:
		d["server.addr"] = "127.0.0.1:8080"
		d["database.migrate_on_start"] = true
		d["log.level"] = "debug"
		d["log.format"] = "console"
	case EnvTest:
		// Port 0 lets parallel test binaries each get a free port.
		d["server.addr"] = "127.0.0.1:0"
		d["database.migrate_on_start"] = true
		d["log.level"] = "warn"
		d["log.format"] = "console"
	}
	return d
}
