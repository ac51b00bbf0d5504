package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ExampleSecretKey is the placeholder written to .env.example. It is long
// enough to pass the length check, so production has to reject it by value:
// otherwise copying the example file would ship a publicly known key.
const ExampleSecretKey = "change-me-generate-with-openssl-rand-hex-32-00000000000000000000"

// minSecretKeyLen is 256 bits, what HMAC-SHA256 and AES-256 want as key
// material; shorter keys are usually hand-typed and guessable.
const minSecretKeyLen = 32

// Validate reports every invalid setting at once, joined with errors.Join.
// Each message starts with the variable to change; secrets are never echoed.
func (c *Config) Validate() error {
	var errs []error
	fail := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", VarName(key), fmt.Sprintf(format, args...)))
	}
	oneOf := func(key, got string, allowed ...string) {
		if !slices.Contains(allowed, got) {
			fail(key, "must be one of %s (got %q)", strings.Join(allowed, ", "), got)
		}
	}

	oneOf("environment", c.Environment, EnvDevelopment, EnvTest, EnvProduction)

	switch {
	case c.SecretKey == "" && c.IsProduction():
		fail("secret_key", "required in production; generate one with: openssl rand -hex 32")
	case c.SecretKey == ExampleSecretKey && c.IsProduction():
		fail("secret_key", "is the .env.example placeholder; generate one with: openssl rand -hex 32")
	case c.SecretKey != "" && len(c.SecretKey) < minSecretKeyLen:
		fail("secret_key", "must be at least %d bytes (got %d)", minSecretKeyLen, len(c.SecretKey))
	}

	if _, port, err := net.SplitHostPort(c.Server.Addr); err != nil {
		fail("server.addr", "must be host:port such as :8080 or 127.0.0.1:8080 (got %q)", c.Server.Addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		fail("server.addr", "port must be a number from 0 to 65535 (got %q)", c.Server.Addr)
	}
	if c.Server.MaxHeaderBytes <= 0 {
		fail("server.max_header_bytes", "must be greater than 0 (got %d)", c.Server.MaxHeaderBytes)
	}

	schemes := databaseURLSchemes()
	lower := strings.ToLower(c.Database.URL)
	if !slices.ContainsFunc(schemes, func(s string) bool { return strings.HasPrefix(lower, s) }) {
		fail("database.url", "must start with one of %s (got %q)", strings.Join(schemes, ", "), redactURL(c.Database.URL))
	} else if _, err := url.Parse(c.Database.URL); err != nil {
		// url.Error quotes the input, which may hold a password.
		fail("database.url", "is not a valid URL")
	}

	if c.Database.MaxOpenConns < 0 {
		fail("database.max_open_conns", "must be 0 (unlimited) or more (got %d)", c.Database.MaxOpenConns)
	}
	if c.Database.MaxIdleConns < 0 {
		fail("database.max_idle_conns", "must be 0 or more (got %d)", c.Database.MaxIdleConns)
	}
	if open, idle := c.Database.MaxOpenConns, c.Database.MaxIdleConns; open > 0 && idle > open {
		// database/sql would silently lower it; saying so beats a surprise.
		fail("database.max_idle_conns", "must not exceed %s (%d > %d)", VarName("database.max_open_conns"), idle, open)
	}

	// A zero timeout means "wait forever" to net/http and database/sql.
	for _, d := range []struct {
		key string
		val time.Duration
	}{
		{"server.read_header_timeout", c.Server.ReadHeaderTimeout},
		{"server.read_timeout", c.Server.ReadTimeout},
		{"server.write_timeout", c.Server.WriteTimeout},
		{"server.idle_timeout", c.Server.IdleTimeout},
		{"server.shutdown_timeout", c.Server.ShutdownTimeout},
		{"database.connect_timeout", c.Database.ConnectTimeout},
	} {
		if d.val <= 0 {
			fail(d.key, "must be greater than 0 (got %s)", d.val)
		}
	}
	// Zero is meaningful here: no drain, or no connection recycling.
	for _, d := range []struct {
		key string
		val time.Duration
	}{
		{"server.drain_delay", c.Server.DrainDelay},
		{"database.conn_max_lifetime", c.Database.ConnMaxLifetime},
		{"database.conn_max_idle_time", c.Database.ConnMaxIdleTime},
	} {
		if d.val < 0 {
			fail(d.key, "must not be negative (got %s)", d.val)
		}
	}

	oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	oneOf("log.format", c.Log.Format, "console", "json")

	for _, p := range c.Server.TrustedProxies {
		if !isIPOrPrefix(p) {
			fail("server.trusted_proxies", "must list IPs or CIDRs such as 10.0.0.0/8 (got %q)", p)
		}
	}

	c.validateMiddleware(fail)

	for _, o := range c.Security.TrustedOrigins {
		if err := checkOrigin(o); err != nil {
			fail("security.trusted_origins", "%v", err)
		}
	}

	for _, o := range c.CORS.AllowedOrigins {
		if o == "*" {
			continue
		}
		if err := checkOrigin(o); err != nil {
			fail("cors.allowed_origins", "%v", err)
		}
	}
	if c.CORS.Enabled {
		if len(c.CORS.AllowedOrigins) == 0 {
			// go-chi/cors reads an empty list as "every origin".
			fail("cors.allowed_origins", "must list at least one origin when %s is true", VarName("cors.enabled"))
		}
		if c.CORS.AllowCredentials && slices.Contains(c.CORS.AllowedOrigins, "*") {
			// Browsers refuse credentialed responses to a wildcard, and
			// echoing any origin instead would hand every site the user's
			// session.
			fail("cors.allow_credentials", "cannot be true while %s contains \"*\"", VarName("cors.allowed_origins"))
		}
	}

	return errors.Join(errs...)
}

func (c *Config) validateMiddleware(fail func(key, format string, args ...any)) {
	m := c.Middleware
	if m.RequestTimeout <= 0 {
		fail("middleware.request_timeout", "must be greater than 0 (got %s)", m.RequestTimeout)
	} else if m.RequestTimeout >= c.Server.WriteTimeout {
		// Otherwise the server drops the connection before the 504 is written.
		fail("middleware.request_timeout", "must be less than %s (%s >= %s)",
			VarName("server.write_timeout"), m.RequestTimeout, c.Server.WriteTimeout)
	}
	if m.ThrottleLimit < 1 {
		fail("middleware.throttle_limit", "must be 1 or more (got %d)", m.ThrottleLimit)
	}
	if m.ThrottleBacklogLimit < 0 {
		fail("middleware.throttle_backlog_limit", "must be 0 or more (got %d)", m.ThrottleBacklogLimit)
	}
	if m.ThrottleBacklogTimeout <= 0 {
		fail("middleware.throttle_backlog_timeout", "must be greater than 0 (got %s)", m.ThrottleBacklogTimeout)
	}
	if m.RateLimitRequests < 0 {
		fail("middleware.rate_limit_requests", "must be 0 (no limit) or more (got %d)", m.RateLimitRequests)
	}
	if m.RateLimitWindow <= 0 {
		fail("middleware.rate_limit_window", "must be greater than 0 (got %s)", m.RateLimitWindow)
	}
	if m.MaxBodyBytes <= 0 {
		fail("middleware.max_body_bytes", "must be greater than 0 (got %d)", m.MaxBodyBytes)
	}
}

func isIPOrPrefix(s string) bool {
	if _, err := netip.ParsePrefix(s); err == nil {
		return true
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

// checkOrigin accepts what a browser sends in Origin: scheme://host[:port],
// nothing more. Anything else would never match, silently.
func checkOrigin(origin string) error {
	u, err := url.Parse(origin)
	// Rebuilding it rejects userinfo, paths (even "/"), queries, fragments
	// and an upper-case scheme in one comparison.
	if err != nil || u.Scheme == "" || u.Host == "" || u.Scheme+"://"+u.Host != origin {
		return fmt.Errorf("must list origins as scheme://host[:port] such as https://app.example.com (got %q)", origin)
	}
	return nil
}
