package config

import (
	"errors"
	"fmt"
	"net"
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

	return errors.Join(errs...)
}
