package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
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
	return c.validate(nil)
}

// validate checks the settings in scope (all of them when scope is nil; see WithScope).
func (c *Config) validate(scope []string) error {
	var errs []error
	fail := failFunc(func(key, format string, args ...any) {
		if !inScope(scope, key) {
			return
		}
		errs = append(errs, fmt.Errorf("%s: %s", VarName(key), fmt.Sprintf(format, args...)))
	})

	fail.oneOf("environment", c.Environment, EnvDevelopment, EnvTest, EnvProduction)

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
	c.validateBaseURL(fail)

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

	fail.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	fail.oneOf("log.format", c.Log.Format, "console", "json")

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

	c.validateSession(fail)
	c.validateAuth(fail)
	if c.Audit.Retention <= 0 {
		// The sweeper deletes rows older than this: zero would empty the trail.
		fail("audit.retention", "must be greater than 0 (got %s)", c.Audit.Retention)
	}
	c.validateEmail(fail)
	c.validateSMS(fail)
	c.Storage.validate(fail, c.IsProduction())
	c.Jobs.validate(fail, c.IsProduction())
	c.Observability.validate(fail, c.Server.Addr)
	if c.RBAC.ReloadInterval < 0 {
		fail("rbac.reload_interval", "must be 0 (no reload) or more (got %s)", c.RBAC.ReloadInterval)
	}

	return errors.Join(errs...)
}

// validateBaseURL insists on an origin, like checkOrigin: links are built by
// appending a path, so a trailing slash (or any path) would double or misplace
// it. It is refused rather than trimmed, so the value set is the value used.
func (c *Config) validateBaseURL(fail failFunc) {
	base := c.Server.BaseURL
	if base == "" {
		if c.IsProduction() {
			fail("server.base_url", "required in production: the public scheme://host[:port] that links in emails and OAuth callbacks point to, such as https://app.example.com")
		}
		return
	}
	u, err := parseHTTPURL(base)
	if err != nil || checkOrigin(base) != nil {
		fail("server.base_url", "must be scheme://host[:port] such as https://app.example.com, with no path or trailing slash (got %q)", base)
		return
	}
	if c.IsProduction() && u.Scheme != "https" && !isLoopback(u.Hostname()) {
		// The session cookie is Secure in production, and browsers only
		// store it over https.
		fail("server.base_url", "must be https in production, where the session cookie is Secure (got %q)", base)
	}
}

func (c *Config) validateSession(fail failFunc) {
	s := c.Session
	switch name := s.CookieName; {
	case !isCookieToken(name):
		fail("session.cookie_name", "must be letters, digits and any of !#$%%&'*+-.^_`|~ (got %q)", name)
	case hasFoldPrefix(name, "__Host-") || hasFoldPrefix(name, "__Secure-"):
		fail("session.cookie_name", "must not start with __Host- or __Secure-: production adds __Host- itself (got %q)", name)
	}
	if d := s.CookieDomain; d != "" && (strings.ContainsAny(d, ":/?#@ ;,") || !isCookieToken(d)) {
		fail("session.cookie_domain", "must be a domain such as example.com, without scheme, port or path (got %q)", d)
	}
	for _, d := range []struct {
		key string
		val time.Duration
	}{
		{"session.lifetime", s.Lifetime},
		{"session.idle_timeout", s.IdleTimeout},
		{"session.sweep_interval", s.SweepInterval},
	} {
		if d.val <= 0 {
			fail(d.key, "must be greater than 0 (got %s)", d.val)
		}
	}
	if s.Lifetime > 0 && s.IdleTimeout > s.Lifetime {
		// The lifetime ends the session first, so the idle timeout would
		// never apply.
		fail("session.idle_timeout", "must not exceed %s (%s > %s)", VarName("session.lifetime"), s.IdleTimeout, s.Lifetime)
	}
}

func (c *Config) validateAuth(fail failFunc) {
	a := c.Auth
	for _, d := range []struct {
		key string
		val time.Duration
	}{
		{"auth.otp_ttl", a.OTPTTL},
		{"auth.magic_link_ttl", a.MagicLinkTTL},
		{"auth.rate_limit_window", a.RateLimitWindow},
	} {
		if d.val <= 0 {
			fail(d.key, "must be greater than 0 (got %s)", d.val)
		}
	}
	for _, n := range []struct {
		key string
		val int
	}{
		{"auth.otp_max_attempts", a.OTPMaxAttempts},
		{"auth.challenges_per_hour", a.ChallengesPerHour},
		{"auth.sms_daily_limit", a.SMSDailyLimit},
	} {
		if n.val < 1 {
			fail(n.key, "must be 1 or more (got %d)", n.val)
		}
	}
	if a.RateLimitRequests < 0 {
		fail("auth.rate_limit_requests", "must be 0 (no limit) or more (got %d)", a.RateLimitRequests)
	}
	for _, e := range a.AdminEmails {
		if !isBareAddress(e) {
			fail("auth.admin_emails", "must list email addresses such as admin@example.com (got %q)", e)
		}
	}
	c.Auth.OAuth.validate(fail)
}

func (c *Config) validateEmail(fail failFunc) {
	e := c.Email
	checkProvider(fail, "email.provider", e.Provider, emailProviders, knownEmailProviders, "email_provider", emailProviderAnswer)
	switch {
	case e.From == "" && c.IsProduction():
		fail("email.from", "required in production: the address login emails come from, such as no-reply@example.com")
	case e.From != "" && !isBareAddress(e.From):
		fail("email.from", "must be an address such as no-reply@example.com, the name goes in %s (got %q)", VarName("email.from_name"), e.From)
	}
	if strings.ContainsFunc(e.FromName, unicode.IsControl) {
		fail("email.from_name", "must not contain control characters such as line breaks (got %q)", e.FromName)
	}
	if e.Timeout <= 0 {
		fail("email.timeout", "must be greater than 0 (got %s)", e.Timeout)
	}

	if e.Provider == "smtp" {
		s := e.SMTP
		switch {
		case s.Host == "":
			fail("email.smtp.host", "required when %s is smtp", VarName("email.provider"))
		case hasPort(s.Host):
			fail("email.smtp.host", "must be a host name or IP without a port, which goes in %s (got %q)", VarName("email.smtp.port"), s.Host)
		}
		if s.Port < 1 || s.Port > 65535 {
			fail("email.smtp.port", "must be a number from 1 to 65535 (got %d)", s.Port)
		}
		fail.oneOf("email.smtp.tls", s.TLS, "none", "starttls", "tls")
		if s.TLS == "none" && c.IsProduction() && s.Host != "" && !isLoopback(s.Host) {
			// Login codes and links, and the SMTP password, would cross
			// the network in clear text.
			fail("email.smtp.tls", "cannot be none in production unless %s is a loopback address (got host %q)", VarName("email.smtp.host"), s.Host)
		}
		if s.Password != "" && s.Username == "" {
			// Without a username the adapter does not authenticate, so the
			// password would be silently ignored.
			fail("email.smtp.username", "required when %s is set", VarName("email.smtp.password"))
		}
	}
	validateBreaker(fail, "email.breaker", e.Breaker)
	c.validateEmailProvider(fail)
}

func (c *Config) validateSMS(fail failFunc) {
	checkProvider(fail, "sms.provider", c.SMS.Provider, smsProviders, knownSMSProviders, "sms_provider", smsProviderAnswer)
	if c.IsProduction() && c.Auth.SMSEnabled && c.SMS.Provider == "log" {
		// SVC-6: the log provider only writes the codes to the server log.
		fail("auth.sms_enabled", "cannot be true in production while %s is log, which only writes the codes to the server log", VarName("sms.provider"))
	}
	if c.SMS.Timeout <= 0 {
		fail("sms.timeout", "must be greater than 0 (got %s)", c.SMS.Timeout)
	}
	validateBreaker(fail, "sms.breaker", c.SMS.Breaker)
	c.validateSMSProvider(fail)
}

// checkProvider accepts the providers this app has code for (rendered). A provider Tracks
// could generate but this app was generated without is not a typo: the message names the answer
// the app was generated with, which decides the code it has.
func checkProvider(fail failFunc, key, got string, rendered, known []string, question, answer string) {
	if !slices.Contains(rendered, got) && slices.Contains(known, got) {
		fail(key, "must be one of %s (got %q): this app was generated with %s=%s and has no %s code "+
			"(the provider answers are fixed once an app exists)", strings.Join(rendered, ", "), got, question, answer, got)
		return
	}
	fail.oneOf(key, got, rendered...)
}

func validateBreaker(fail failFunc, prefix string, b BreakerConfig) {
	for _, n := range []struct {
		key string
		val int
	}{
		{"consecutive_failures", b.ConsecutiveFailures},
		{"min_requests", b.MinRequests},
		{"half_open_requests", b.HalfOpenRequests},
	} {
		if n.val < 0 {
			fail(prefix+"."+n.key, "must be 0 or more (got %d)", n.val)
		}
	}
	if b.FailurePercent < 0 || b.FailurePercent > 100 {
		fail(prefix+".failure_percent", "must be a number from 0 to 100 (got %d)", b.FailurePercent)
	}
	if b.Interval < 0 {
		fail(prefix+".interval", "must not be negative (got %s)", b.Interval)
	}
	if b.OpenTimeout <= 0 {
		fail(prefix+".open_timeout", "must be greater than 0 (got %s)", b.OpenTimeout)
	}
}

func (c *Config) validateMiddleware(fail failFunc) {
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

// failFunc records a problem with the variable of key; Validate reports them
// all at once.
type failFunc func(key, format string, args ...any)

func (fail failFunc) oneOf(key, got string, allowed ...string) {
	if !slices.Contains(allowed, got) {
		fail(key, "must be one of %s (got %q)", strings.Join(allowed, ", "), got)
	}
}

// parseHTTPURL accepts an absolute http or https URL without credentials or
// fragment; a path and query are the caller's business.
func parseHTTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return nil, fmt.Errorf("must be an absolute http or https URL (got %q)", raw)
	}
	return u, nil
}

// isLoopback reports whether host (a name or IP, without port) never leaves
// the machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.IsLoopback()
}

// hasPort reports whether host carries a port, like smtp.example.com:587.
func hasPort(host string) bool {
	_, _, err := net.SplitHostPort(host)
	return err == nil
}

// isBareAddress accepts what net/mail parses as exactly itself: an address,
// no display name or angle brackets.
func isBareAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// isCookieToken reports whether s is a token in the sense of RFC 6265, what a
// cookie name must be: visible ASCII without separators.
func isCookieToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`()<>@,;:\"/[]?={}`, r) {
			return false
		}
	}
	return true
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// inScope reports whether key is one of scope's keys or under one of its sections.
func inScope(scope []string, key string) bool {
	if scope == nil {
		return true
	}
	for _, s := range scope {
		if key == s || strings.HasPrefix(key, s+".") {
			return true
		}
	}
	return false
}
