package config

import (
	"strings"
	"testing"
	"time"
)

// validConfig is the production default configuration with the settings
// production requires.
func validConfig(t *testing.T) Config {
	t.Helper()
	cfg := mustLoad(t, productionEnv(nil), "")
	return *cfg
}

// validateCase changes a valid production configuration; want is a substring
// of the error expected, with a line per problem, or empty when the result
// must be valid.
type validateCase struct {
	name   string
	mutate func(*Config)
	want   string
}

func runValidateCases(t *testing.T, tests []validateCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig(t)
			tt.mutate(&cfg)
			err := cfg.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v, want nil", err)
			case tt.want != "" && err == nil:
				t.Errorf("Validate: nil, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("Validate: %v\nwant it to contain %q", err, tt.want)
			case tt.want != "" && strings.Count(err.Error(), "\n") > strings.Count(tt.want, "\n"):
				// A second problem means the case tests something else too.
				t.Errorf("Validate: %v\nwant only %q", err, tt.want)
			}
		})
	}
}

// CONF-5: every violation is reported, not just the first.
func TestLoadReportsEveryProblem(t *testing.T) {
	env := map[string]string{
		VarName("environment"): EnvDevelopment,
		VarName("log.level"):   "loud",
		VarName("server.addr"): "nope",
	}
	_, err := load(t, env, "")
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	for _, want := range []string{
		VarName("log.level") + `: must be one of debug, info, warn, error (got "loud")`,
		VarName("server.addr") + ": ",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	for line := range strings.SplitSeq(msg, "\n") {
		if !strings.HasPrefix(line, EnvPrefix+"_") {
			t.Errorf("message does not start with a variable name: %q", line)
		}
	}
}

func TestValidate(t *testing.T) {
	runValidateCases(t, []validateCase{
		{"defaults", func(*Config) {}, ""},
		{"unknown environment", func(c *Config) { c.Environment = "staging" },
			VarName("environment") + `: must be one of development, test, production (got "staging")`},
		{"addr without port", func(c *Config) { c.Server.Addr = "8080" }, VarName("server.addr") + ": must be host:port"},
		{"addr port out of range", func(c *Config) { c.Server.Addr = ":70000" }, VarName("server.addr") + ": port must be"},
		{"addr port named", func(c *Config) { c.Server.Addr = "localhost:http" }, VarName("server.addr") + ": port must be"},
		{"addr ipv6", func(c *Config) { c.Server.Addr = "[::1]:8080" }, ""},
		{"log level", func(c *Config) { c.Log.Level = "trace" }, VarName("log.level") + ": must be one of"},
		{"log format", func(c *Config) { c.Log.Format = "xml" }, VarName("log.format") + `: must be one of console, json (got "xml")`},
		{"foreign database scheme", func(c *Config) { c.Database.URL = "mysql://db/app" }, VarName("database.url") + ": must start with one of"},
		{"empty database url", func(c *Config) { c.Database.URL = "" }, VarName("database.url") + ": must start with one of"},
		{"negative max open", func(c *Config) { c.Database.MaxOpenConns = -1 }, VarName("database.max_open_conns") + ": must be 0"},
		{"negative max idle", func(c *Config) { c.Database.MaxIdleConns = -1 }, VarName("database.max_idle_conns") + ": must be 0"},
		{"idle above open", func(c *Config) { c.Database.MaxOpenConns, c.Database.MaxIdleConns = 2, 3 },
			VarName("database.max_idle_conns") + ": must not exceed " + VarName("database.max_open_conns")},
		{"idle with unlimited open", func(c *Config) { c.Database.MaxOpenConns, c.Database.MaxIdleConns = 0, 3 }, ""},
		{"zero read header timeout", func(c *Config) { c.Server.ReadHeaderTimeout = 0 }, VarName("server.read_header_timeout") + ": must be greater than 0"},
		{"zero read timeout", func(c *Config) { c.Server.ReadTimeout = 0 }, VarName("server.read_timeout") + ": must be greater than 0"},
		{"zero write timeout", func(c *Config) { c.Server.WriteTimeout = 0 }, VarName("server.write_timeout") + ": must be greater than 0 (got 0s)\n" +
			VarName("middleware.request_timeout") + ": must be less than " + VarName("server.write_timeout")},
		{"zero idle timeout", func(c *Config) { c.Server.IdleTimeout = 0 }, VarName("server.idle_timeout") + ": must be greater than 0"},
		{"negative shutdown timeout", func(c *Config) { c.Server.ShutdownTimeout = -time.Second }, VarName("server.shutdown_timeout") + ": must be greater than 0"},
		{"zero connect timeout", func(c *Config) { c.Database.ConnectTimeout = 0 }, VarName("database.connect_timeout") + ": must be greater than 0"},
		{"zero max header bytes", func(c *Config) { c.Server.MaxHeaderBytes = 0 }, VarName("server.max_header_bytes") + ": must be greater than 0"},
		{"drain delay set", func(c *Config) { c.Server.DrainDelay = 5 * time.Second }, ""},
		{"negative drain delay", func(c *Config) { c.Server.DrainDelay = -time.Second }, VarName("server.drain_delay") + ": must not be negative"},
		{"negative lifetime", func(c *Config) { c.Database.ConnMaxLifetime = -time.Second }, VarName("database.conn_max_lifetime") + ": must not be negative"},
		{"negative idle time", func(c *Config) { c.Database.ConnMaxIdleTime = -time.Second }, VarName("database.conn_max_idle_time") + ": must not be negative"},

		// WEB-12: the 504 must be written before the server's write deadline.
		{"zero request timeout", func(c *Config) { c.Middleware.RequestTimeout = 0 }, VarName("middleware.request_timeout") + ": must be greater than 0"},
		{"request timeout equal to write timeout", func(c *Config) { c.Middleware.RequestTimeout = c.Server.WriteTimeout },
			VarName("middleware.request_timeout") + ": must be less than " + VarName("server.write_timeout") + " (30s >= 30s)"},
		{"request timeout above write timeout", func(c *Config) { c.Middleware.RequestTimeout = time.Minute },
			VarName("middleware.request_timeout") + ": must be less than " + VarName("server.write_timeout")},
		{"zero throttle limit", func(c *Config) { c.Middleware.ThrottleLimit = 0 }, VarName("middleware.throttle_limit") + ": must be 1 or more"},
		{"negative throttle backlog", func(c *Config) { c.Middleware.ThrottleBacklogLimit = -1 }, VarName("middleware.throttle_backlog_limit") + ": must be 0 or more"},
		{"no throttle backlog", func(c *Config) { c.Middleware.ThrottleBacklogLimit = 0 }, ""},
		{"zero throttle backlog timeout", func(c *Config) { c.Middleware.ThrottleBacklogTimeout = 0 }, VarName("middleware.throttle_backlog_timeout") + ": must be greater than 0"},
		{"rate limit off", func(c *Config) { c.Middleware.RateLimitRequests = 0 }, ""},
		{"negative rate limit", func(c *Config) { c.Middleware.RateLimitRequests = -1 }, VarName("middleware.rate_limit_requests") + ": must be 0 (no limit) or more"},
		{"zero rate limit window", func(c *Config) { c.Middleware.RateLimitWindow = 0 }, VarName("middleware.rate_limit_window") + ": must be greater than 0"},
		{"zero max body", func(c *Config) { c.Middleware.MaxBodyBytes = 0 }, VarName("middleware.max_body_bytes") + ": must be greater than 0"},

		// WEB-8.
		{"trusted proxies", func(c *Config) { c.Server.TrustedProxies = []string{"10.0.0.0/8", "192.168.1.10", "::1", "fd00::/8"} }, ""},
		{"trusted proxy with bad mask", func(c *Config) { c.Server.TrustedProxies = []string{"10.0.0.0/33"} },
			VarName("server.trusted_proxies") + `: must list IPs or CIDRs such as 10.0.0.0/8 (got "10.0.0.0/33")`},
		{"trusted proxy by name", func(c *Config) { c.Server.TrustedProxies = []string{"proxy.internal"} }, VarName("server.trusted_proxies") + ": must list IPs or CIDRs"},

		// SEC-4: origins are compared verbatim with the browser's Origin.
		{"trusted origins", func(c *Config) {
			c.Security.TrustedOrigins = []string{"https://admin.example.com", "http://localhost:3000"}
		}, ""},
		{"trusted origin without scheme", func(c *Config) { c.Security.TrustedOrigins = []string{"admin.example.com"} },
			VarName("security.trusted_origins") + `: must list origins as scheme://host[:port] such as https://app.example.com (got "admin.example.com")`},
		{"trusted origin with slash", func(c *Config) { c.Security.TrustedOrigins = []string{"https://admin.example.com/"} }, VarName("security.trusted_origins") + ": must list origins"},
		{"trusted origin with path", func(c *Config) { c.Security.TrustedOrigins = []string{"https://admin.example.com/app"} }, VarName("security.trusted_origins") + ": must list origins"},
		{"trusted origin with query", func(c *Config) { c.Security.TrustedOrigins = []string{"https://admin.example.com?"} }, VarName("security.trusted_origins") + ": must list origins"},
		{"trusted origin with user", func(c *Config) { c.Security.TrustedOrigins = []string{"https://me@admin.example.com"} }, VarName("security.trusted_origins") + ": must list origins"},
		{"trusted origin in capitals", func(c *Config) { c.Security.TrustedOrigins = []string{"HTTPS://admin.example.com"} }, VarName("security.trusted_origins") + ": must list origins"},

		// WEB-15.
		{"cors enabled", func(c *Config) {
			c.CORS = CORSConfig{Enabled: true, AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true}
		}, ""},
		{"cors any origin", func(c *Config) { c.CORS = CORSConfig{Enabled: true, AllowedOrigins: []string{"*"}} }, ""},
		{"cors enabled without origins", func(c *Config) { c.CORS = CORSConfig{Enabled: true} },
			VarName("cors.allowed_origins") + ": must list at least one origin when " + VarName("cors.enabled") + " is true"},
		{"cors any origin with credentials", func(c *Config) {
			c.CORS = CORSConfig{Enabled: true, AllowedOrigins: []string{"https://app.example.com", "*"}, AllowCredentials: true}
		}, VarName("cors.allow_credentials") + `: cannot be true while ` + VarName("cors.allowed_origins") + ` contains "*"`},
		{"cors disabled ignores credentials", func(c *Config) { c.CORS = CORSConfig{AllowedOrigins: []string{"*"}, AllowCredentials: true} }, ""},
		{"cors bad origin", func(c *Config) { c.CORS.AllowedOrigins = []string{"app.example.com"} }, VarName("cors.allowed_origins") + ": must list origins"},
	})
}

// AUTH-14: links in emails are built from the base URL, so it must be an
// origin, https in production.
func TestValidateBaseURL(t *testing.T) {
	const want = ": must be scheme://host[:port] such as https://app.example.com, with no path or trailing slash"
	base := func(u string) func(*Config) { return func(c *Config) { c.Server.BaseURL = u } }
	dev := func(u string) func(*Config) {
		return func(c *Config) { c.Environment, c.Server.BaseURL = EnvDevelopment, u }
	}
	runValidateCases(t, []validateCase{
		{"https with port", base("https://app.example.com:8443"), ""},
		{"ipv6 host", base("https://[2001:db8::1]"), ""},
		{"missing in production", base(""), VarName("server.base_url") + ": required in production"},
		{"missing in development", dev(""), ""},
		{"http in production", base("http://app.example.com"), VarName("server.base_url") + ": must be https in production"},
		{"http on loopback in production", base("http://127.0.0.1:8080"), ""},
		{"http on localhost in production", base("http://localhost:8080"), ""},
		{"http on ipv6 loopback in production", base("http://[::1]:8080"), ""},
		{"http in development", dev("http://devbox.lan:8080"), ""},
		{"trailing slash refused", base("https://app.example.com/"), VarName("server.base_url") + want + ` (got "https://app.example.com/")`},
		{"path", base("https://app.example.com/app"), VarName("server.base_url") + want},
		{"query", base("https://app.example.com?x=1"), VarName("server.base_url") + want},
		{"fragment", base("https://app.example.com#top"), VarName("server.base_url") + want},
		{"credentials", base("https://me:pw@app.example.com"), VarName("server.base_url") + want},
		{"other scheme", base("ftp://app.example.com"), VarName("server.base_url") + want},
		{"no scheme", base("app.example.com"), VarName("server.base_url") + want},
		{"scheme in capitals", base("HTTPS://app.example.com"), VarName("server.base_url") + want},
		{"bad in development too", dev("app.example.com"), VarName("server.base_url") + want},
	})
}

// AUTH-2.
func TestValidateSession(t *testing.T) {
	name := func(n string) func(*Config) { return func(c *Config) { c.Session.CookieName = n } }
	domain := func(d string) func(*Config) { return func(c *Config) { c.Session.CookieDomain = d } }
	const badName, badDomain = ": must be letters, digits and any of", ": must be a domain such as example.com"
	runValidateCases(t, []validateCase{
		{"cookie name with dot and dash", name("my.app-session"), ""},
		{"empty cookie name", name(""), VarName("session.cookie_name") + badName},
		{"cookie name with space", name("my session"), VarName("session.cookie_name") + badName},
		{"cookie name with semicolon", name("a;b"), VarName("session.cookie_name") + badName},
		{"cookie name with equals", name("a=b"), VarName("session.cookie_name") + badName},
		{"cookie name with non-ascii", name("sessión"), VarName("session.cookie_name") + badName},
		{"cookie name with host prefix", name("__Host-app"), VarName("session.cookie_name") + ": must not start with __Host- or __Secure-"},
		{"cookie name with secure prefix in lower case", name("__secure-app"), VarName("session.cookie_name") + ": must not start with __Host-"},
		{"cookie domain", domain("example.com"), ""},
		{"cookie domain with leading dot", domain(".example.com"), ""},
		{"cookie domain with scheme", domain("https://example.com"), VarName("session.cookie_domain") + badDomain},
		{"cookie domain with port", domain("example.com:443"), VarName("session.cookie_domain") + badDomain},
		{"cookie domain with path", domain("example.com/app"), VarName("session.cookie_domain") + badDomain},
		{"zero lifetime", func(c *Config) { c.Session.Lifetime = 0 }, VarName("session.lifetime") + ": must be greater than 0"},
		{"zero idle timeout", func(c *Config) { c.Session.IdleTimeout = 0 }, VarName("session.idle_timeout") + ": must be greater than 0"},
		{"negative sweep interval", func(c *Config) { c.Session.SweepInterval = -time.Second }, VarName("session.sweep_interval") + ": must be greater than 0"},
		{"idle timeout equal to lifetime", func(c *Config) { c.Session.IdleTimeout = c.Session.Lifetime }, ""},
		{"idle timeout above lifetime", func(c *Config) { c.Session.IdleTimeout = 25 * time.Hour },
			VarName("session.idle_timeout") + ": must not exceed " + VarName("session.lifetime") + " (25h0m0s > 24h0m0s)"},
	})
}

func TestValidateAuth(t *testing.T) {
	admins := func(emails ...string) func(*Config) { return func(c *Config) { c.Auth.AdminEmails = emails } }
	const badAdmin = ": must list email addresses such as admin@example.com"
	runValidateCases(t, []validateCase{
		{"zero otp ttl", func(c *Config) { c.Auth.OTPTTL = 0 }, VarName("auth.otp_ttl") + ": must be greater than 0"},
		{"negative magic link ttl", func(c *Config) { c.Auth.MagicLinkTTL = -time.Minute }, VarName("auth.magic_link_ttl") + ": must be greater than 0"},
		{"one attempt", func(c *Config) { c.Auth.OTPMaxAttempts = 1 }, ""},
		{"zero attempts", func(c *Config) { c.Auth.OTPMaxAttempts = 0 }, VarName("auth.otp_max_attempts") + ": must be 1 or more (got 0)"},
		{"zero challenges per hour", func(c *Config) { c.Auth.ChallengesPerHour = 0 }, VarName("auth.challenges_per_hour") + ": must be 1 or more"},
		{"zero sms daily limit", func(c *Config) { c.Auth.SMSDailyLimit = 0 }, VarName("auth.sms_daily_limit") + ": must be 1 or more"},
		{"login rate limit off", func(c *Config) { c.Auth.RateLimitRequests = 0 }, ""},
		{"negative login rate limit", func(c *Config) { c.Auth.RateLimitRequests = -1 }, VarName("auth.rate_limit_requests") + ": must be 0 (no limit) or more"},
		{"zero login rate limit window", func(c *Config) { c.Auth.RateLimitWindow = 0 }, VarName("auth.rate_limit_window") + ": must be greater than 0"},
		{"admin emails", admins("root@example.com", "ops@example.com"), ""},
		{"admin email with a name", admins("Root <root@example.com>"), VarName("auth.admin_emails") + badAdmin + ` (got "Root <root@example.com>")`},
		{"admin email without domain", admins("root"), VarName("auth.admin_emails") + badAdmin},
		{"zero audit retention", func(c *Config) { c.Audit.Retention = 0 }, VarName("audit.retention") + ": must be greater than 0"},
		{"rbac reload off", func(c *Config) { c.RBAC.ReloadInterval = 0 }, ""},
		{"negative rbac reload", func(c *Config) { c.RBAC.ReloadInterval = -time.Second }, VarName("rbac.reload_interval") + ": must be 0 (no reload) or more"},
	})
}

// SVC-2, SVC-3.
func TestValidateEmail(t *testing.T) {
	smtp := func(host, tls string) func(*Config) {
		return func(c *Config) { c.Email.SMTP.Host, c.Email.SMTP.TLS = host, tls }
	}
	const badFrom = ": must be an address such as no-reply@example.com"
	// The SMTP rules are checked with SMTP chosen, whatever the app's default provider.
	tests := []validateCase{
		{"unknown provider", func(c *Config) { c.Email.Provider = "pigeon" }, VarName("email.provider") + `: must be one of ` + strings.Join(emailProviders, ", ") + ` (got "pigeon")`},
		{"no from in production", func(c *Config) { c.Email.From = "" }, VarName("email.from") + ": required in production"},
		{"no from in development", func(c *Config) { c.Environment, c.Email.From = EnvDevelopment, "" }, ""},
		{"from with a name", func(c *Config) { c.Email.From = "Acme <no-reply@example.com>" }, VarName("email.from") + badFrom},
		{"from in angle brackets", func(c *Config) { c.Email.From = "<no-reply@example.com>" }, VarName("email.from") + badFrom},
		{"from not an address", func(c *Config) { c.Email.From = "no-reply" }, VarName("email.from") + badFrom},
		{"from name", func(c *Config) { c.Email.FromName = "Acme Support" }, ""},
		{"from name with a line break", func(c *Config) { c.Email.FromName = "Acme\r\nBcc: x@example.com" }, VarName("email.from_name") + ": must not contain control characters"},
		{"zero timeout", func(c *Config) { c.Email.Timeout = 0 }, VarName("email.timeout") + ": must be greater than 0"},
		{"no smtp host", smtp("", "starttls"), VarName("email.smtp.host") + ": required when " + VarName("email.provider") + " is smtp"},
		{"smtp host with port", smtp("smtp.example.com:587", "starttls"), VarName("email.smtp.host") + ": must be a host name or IP without a port"},
		{"smtp port 465", func(c *Config) { c.Email.SMTP.Port = 465 }, ""},
		{"smtp port zero", func(c *Config) { c.Email.SMTP.Port = 0 }, VarName("email.smtp.port") + ": must be a number from 1 to 65535 (got 0)"},
		{"smtp port too big", func(c *Config) { c.Email.SMTP.Port = 65536 }, VarName("email.smtp.port") + ": must be a number from 1 to 65535"},
		{"implicit tls", smtp("smtp.example.com", "tls"), ""},
		{"unknown tls mode", smtp("smtp.example.com", "ssl"), VarName("email.smtp.tls") + `: must be one of none, starttls, tls (got "ssl")`},
		{"no tls in production", smtp("smtp.example.com", "none"),
			VarName("email.smtp.tls") + ": cannot be none in production unless " + VarName("email.smtp.host") + ` is a loopback address (got host "smtp.example.com")`},
		{"no tls in production to 127.0.0.1", smtp("127.0.0.1", "none"), ""},
		{"no tls in production to localhost", smtp("localhost", "none"), ""},
		{"no tls in production to ::1", smtp("::1", "none"), ""},
		{"no tls in production to a private address", smtp("10.0.0.5", "none"), VarName("email.smtp.tls") + ": cannot be none in production"},
		{"no tls in development", func(c *Config) {
			c.Environment, c.Email.SMTP.Host, c.Email.SMTP.TLS = EnvDevelopment, "mail.lan", "none"
		}, ""},
		{"username and password", func(c *Config) { c.Email.SMTP.Username, c.Email.SMTP.Password = "mailer", "pw" }, ""},
		{"username alone", func(c *Config) { c.Email.SMTP.Username = "mailer" }, ""},
		{"password alone", func(c *Config) { c.Email.SMTP.Password = "pw" },
			VarName("email.smtp.username") + ": required when " + VarName("email.smtp.password") + " is set"},
	}
	for i, tt := range tests {
		mutate := tt.mutate
		tests[i].mutate = func(c *Config) {
			c.Email.Provider = "smtp"
			mutate(c)
		}
	}
	runValidateCases(t, tests)
}

// SVC-6, SVC-10.
func TestValidateSMSAndBreakers(t *testing.T) {
	tests := []validateCase{
		{"unknown sms provider", func(c *Config) { c.SMS.Provider = "pigeon" }, VarName("sms.provider") + `: must be one of ` + strings.Join(smsProviders, ", ") + ` (got "pigeon")`},
		{"sms login with log provider in production", func(c *Config) { c.SMS.Provider, c.Auth.SMSEnabled = "log", true },
			VarName("auth.sms_enabled") + ": cannot be true in production while " + VarName("sms.provider") + " is log"},
		{"sms login with log provider in development", func(c *Config) { c.Environment, c.SMS.Provider, c.Auth.SMSEnabled = EnvDevelopment, "log", true }, ""},
		{"zero sms timeout", func(c *Config) { c.SMS.Timeout = 0 }, VarName("sms.timeout") + ": must be greater than 0"},
	}
	for _, b := range []struct {
		prefix string
		get    func(*Config) *BreakerConfig
	}{
		{"email.breaker", func(c *Config) *BreakerConfig {
			return &c.Email.Breaker
		}},
		{"sms.breaker", func(c *Config) *BreakerConfig {
			return &c.SMS.Breaker
		}},
	} {
		set := func(f func(*BreakerConfig)) func(*Config) { return func(c *Config) { f(b.get(c)) } }
		tests = append(tests, []validateCase{
			{b.prefix + " all zero but open timeout", set(func(br *BreakerConfig) { *br = BreakerConfig{OpenTimeout: time.Second} }), ""},
			{b.prefix + " negative consecutive failures", set(func(br *BreakerConfig) { br.ConsecutiveFailures = -1 }),
				VarName(b.prefix+".consecutive_failures") + ": must be 0 or more (got -1)"},
			{b.prefix + " negative min requests", set(func(br *BreakerConfig) { br.MinRequests = -1 }), VarName(b.prefix+".min_requests") + ": must be 0 or more"},
			{b.prefix + " negative half-open requests", set(func(br *BreakerConfig) { br.HalfOpenRequests = -1 }), VarName(b.prefix+".half_open_requests") + ": must be 0 or more"},
			{b.prefix + " failure percent 100", set(func(br *BreakerConfig) { br.FailurePercent = 100 }), ""},
			{b.prefix + " failure percent above 100", set(func(br *BreakerConfig) { br.FailurePercent = 101 }),
				VarName(b.prefix+".failure_percent") + ": must be a number from 0 to 100 (got 101)"},
			{b.prefix + " negative failure percent", set(func(br *BreakerConfig) { br.FailurePercent = -1 }), VarName(b.prefix+".failure_percent") + ": must be a number from 0 to 100"},
			{b.prefix + " negative interval", set(func(br *BreakerConfig) { br.Interval = -time.Second }), VarName(b.prefix+".interval") + ": must not be negative"},
			{b.prefix + " zero open timeout", set(func(br *BreakerConfig) { br.OpenTimeout = 0 }), VarName(b.prefix+".open_timeout") + ": must be greater than 0"},
		}...)
	}
	runValidateCases(t, tests)
}

func TestValidateDatabaseSchemes(t *testing.T) {
	for _, scheme := range databaseURLSchemes() {
		for _, s := range []string{scheme, strings.ToUpper(scheme)} {
			cfg := validConfig(t)
			cfg.Database.URL = s + "example/app"
			if err := cfg.Validate(); err != nil {
				t.Errorf("URL %q: %v", cfg.Database.URL, err)
			}
		}
	}
}

func TestValidateSecretKey(t *testing.T) {
	tests := []struct {
		env    string
		secret string
		want   string
	}{
		{EnvProduction, "", "required in production"},
		{EnvProduction, ExampleSecretKey, ".env.example placeholder"},
		{EnvProduction, "too-short-s3cret", "at least 32 bytes (got 16)"},
		{EnvProduction, strings.Repeat("x", 32), ""},
		{EnvDevelopment, "", ""},
		{EnvDevelopment, ExampleSecretKey, ""},
		{EnvDevelopment, "too-short-s3cret", "at least 32 bytes"},
		{EnvTest, "", ""},
		{EnvTest, "too-short-s3cret", "at least 32 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.secret, func(t *testing.T) {
			cfg := validConfig(t)
			cfg.Environment, cfg.SecretKey = tt.env, tt.secret
			err := cfg.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("Validate: %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate: nil, want %q", tt.want)
			}
			want := VarName("secret_key") + ": "
			if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate: %v\nwant %q...%q", err, want, tt.want)
			}
			if tt.secret != "" && strings.Contains(err.Error(), tt.secret) {
				t.Errorf("error echoes the secret: %v", err)
			}
		})
	}
}

func TestLoadProductionNeedsSecret(t *testing.T) {
	for name, secret := range map[string]string{"missing": "", "example": ExampleSecretKey, "short": "short"} {
		t.Run(name, func(t *testing.T) {
			_, err := load(t, map[string]string{VarName("secret_key"): secret}, "")
			if err == nil || !strings.Contains(err.Error(), VarName("secret_key")) {
				t.Errorf("Load: %v, want a %s error", err, VarName("secret_key"))
			}
		})
	}
}

func TestValidateMasksDatabasePassword(t *testing.T) {
	cfg := validConfig(t)
	cfg.Database.URL = "mysql://u:s3cret@h/db"
	err := cfg.Validate()
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error echoes the database password: %v", err)
	}
}
