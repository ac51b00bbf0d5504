package config

import (
	"strings"
	"testing"
	"time"
)

// validConfig is the production default configuration with a usable secret.
func validConfig(t *testing.T) Config {
	t.Helper()
	cfg := mustLoad(t, map[string]string{VarName("secret_key"): testSecret}, "")
	return *cfg
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
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string // substring of the error; empty means valid
	}{
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
		{"zero write timeout", func(c *Config) { c.Server.WriteTimeout = 0 }, VarName("server.write_timeout") + ": must be greater than 0"},
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
	}
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
			}
		})
	}
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
