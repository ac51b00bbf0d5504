// Package config loads the application's settings from defaults, an optional
// .env file and the process environment, and validates them before anything
// else starts.
//
// Precedence, lowest first: base defaults, per-environment defaults, the .env
// file, the real environment. Production reads no .env at all: the file holds a
// developer's secret and database, which a server started in the app folder
// must not pick up. Every setting is a variable named after its key path (see
// VarName), so the full list is Keys() and .env.example documents it.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
	"github.com/spf13/viper"
)

// The environments the app knows. Anything else is rejected by Validate rather
// than silently treated as one of these.
const (
	EnvDevelopment = "development"
	EnvTest        = "test"
	EnvProduction  = "production"
)

// Config is the complete, validated configuration. It is passed around by
// pointer and never mutated after Load returns.
type Config struct {
	Environment string           `mapstructure:"environment"`
	SecretKey   string           `mapstructure:"secret_key"`
	Server      ServerConfig     `mapstructure:"server"`
	Database    DatabaseConfig   `mapstructure:"database"`
	Log         LogConfig        `mapstructure:"log"`
	Middleware  MiddlewareConfig `mapstructure:"middleware"`
	Security    SecurityConfig   `mapstructure:"security"`
	CORS        CORSConfig       `mapstructure:"cors"`
	Session     SessionConfig    `mapstructure:"session"`
	Auth        AuthConfig       `mapstructure:"auth"`
	Audit       AuditConfig      `mapstructure:"audit"`
	Email       EmailConfig      `mapstructure:"email"`
	SMS         SMSConfig        `mapstructure:"sms"`
	RBAC        RBACConfig       `mapstructure:"rbac"`
	Storage     StorageConfig    `mapstructure:"storage"`
	Jobs        JobsConfig       `mapstructure:"jobs"`
	// Observability places the metrics endpoint; tracing reads the standard OTEL_* variables.
	Observability ObservabilityConfig `mapstructure:"observability"`
}

// ServerConfig holds the HTTP server's listen address and limits. Every
// timeout is finite so a slow or malicious client cannot hold a connection
// (and its goroutine) forever.
type ServerConfig struct {
	Addr              string        `mapstructure:"addr"`
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	ReadTimeout       time.Duration `mapstructure:"read_timeout"`
	WriteTimeout      time.Duration `mapstructure:"write_timeout"`
	IdleTimeout       time.Duration `mapstructure:"idle_timeout"`
	MaxHeaderBytes    int           `mapstructure:"max_header_bytes"`
	ShutdownTimeout   time.Duration `mapstructure:"shutdown_timeout"`
	// DrainDelay is how long /readyz reports 503 before Shutdown starts, so a
	// load balancer stops routing new requests before listeners close.
	DrainDelay time.Duration `mapstructure:"drain_delay"`
	// TrustedProxies are the IPs or CIDRs of reverse proxies whose
	// X-Forwarded-For is believed. Empty means the peer address is the
	// client, so nobody can pick their own IP (and rate-limit bucket) by
	// sending the header.
	TrustedProxies []string `mapstructure:"trusted_proxies"`
	// BaseURL is the public scheme://host[:port] of the app. Links in emails (magic links) and
	// OAuth callbacks are built from it, never from a request's Host header, by appending a
	// path: Validate refuses a trailing slash rather than trimming it, so the value set is the
	// value used. Required in production, and https there unless the host is a loopback
	// address.
	BaseURL string `mapstructure:"base_url"`
}

// DatabaseConfig holds the connection URL and pool settings.
type DatabaseConfig struct {
	URL       string `mapstructure:"url"`
	AuthToken string `mapstructure:"auth_token"`
	SyncURL   string `mapstructure:"sync_url"`

	ConnectTimeout  time.Duration `mapstructure:"connect_timeout"`
	MaxOpenConns    int           `mapstructure:"max_open_conns"`
	MaxIdleConns    int           `mapstructure:"max_idle_conns"`
	ConnMaxLifetime time.Duration `mapstructure:"conn_max_lifetime"`
	ConnMaxIdleTime time.Duration `mapstructure:"conn_max_idle_time"`
	MigrateOnStart  bool          `mapstructure:"migrate_on_start"`
}

// LogConfig selects the log level (debug, info, warn, error) and format
// (console, json).
type LogConfig struct {
	Level  string `mapstructure:"level"`
	Format string `mapstructure:"format"`
}

// MiddlewareConfig sizes the global request limits.
type MiddlewareConfig struct {
	// RequestTimeout is the handler's context deadline. It stays below
	// Server.WriteTimeout so the 504 page can still be written.
	RequestTimeout time.Duration `mapstructure:"request_timeout"`
	// ThrottleLimit caps requests served at once; ThrottleBacklogLimit more
	// may wait up to ThrottleBacklogTimeout for a slot before getting a 503.
	ThrottleLimit          int           `mapstructure:"throttle_limit"`
	ThrottleBacklogLimit   int           `mapstructure:"throttle_backlog_limit"`
	ThrottleBacklogTimeout time.Duration `mapstructure:"throttle_backlog_timeout"`
	// RateLimitRequests per RateLimitWindow per client IP; 0 disables it.
	RateLimitRequests int           `mapstructure:"rate_limit_requests"`
	RateLimitWindow   time.Duration `mapstructure:"rate_limit_window"`
	MaxBodyBytes      int64         `mapstructure:"max_body_bytes"`
}

// SecurityConfig tunes the security headers and cross-origin protection.
type SecurityConfig struct {
	// HSTSPreload is opt-in because leaving the preload list takes months.
	HSTSPreload bool `mapstructure:"hsts_preload"`
	// TrustedOrigins may send unsafe (POST, PUT, ...) requests despite being
	// cross-origin, e.g. a separate front end; each is scheme://host[:port].
	TrustedOrigins []string `mapstructure:"trusted_origins"`
}

// CORSConfig opens /api/* to browsers on other origins. It is off by default
// because a same-origin app needs none of it.
type CORSConfig struct {
	Enabled          bool     `mapstructure:"enabled"`
	AllowedOrigins   []string `mapstructure:"allowed_origins"`
	AllowCredentials bool     `mapstructure:"allow_credentials"`
}

// Option customises Load; the defaults read the real process environment and
// ./.env.
type Option func(*options)

type options struct {
	getenv  func(string) string
	envFile string
	scope   []string
}

// WithGetenv replaces os.Getenv, so tests (and callers embedding the app) can
// supply variables without touching the process environment. An empty value is
// treated as unset, matching how shells and container runtimes pass blanks.
func WithGetenv(getenv func(string) string) Option {
	return func(o *options) { o.getenv = getenv }
}

// WithEnvFile reads settings from path instead of ".env". A missing file is
// not an error, since production usually has none; an empty path skips the
// file entirely.
func WithEnvFile(path string) Option {
	return func(o *options) { o.envFile = path }
}

// WithScope validates only the environment and the settings under keys (a section such as
// "database", or one key such as "server.base_url"). A command-line tool needs its own settings,
// not the mail server, storage bucket or job queue the web server needs: cmd/migrate must run in
// production before those exist.
func WithScope(keys ...string) Option {
	return func(o *options) { o.scope = append([]string{"environment"}, keys...) }
}

// Load builds the configuration and validates it. On failure the error joins
// every problem found, each prefixed with the variable to fix, so one restart
// is enough to see them all.
func Load(opts ...Option) (*Config, error) {
	o := options{getenv: os.Getenv, envFile: ".env"}
	for _, opt := range opts {
		opt(&o)
	}

	// godotenv.Read returns the file as a map instead of exporting it, so the
	// .env never leaks into os.Environ (and from there into child processes).
	dotenv, err := readEnvFile(o.envFile)
	if err != nil {
		return nil, err
	}

	// The environment picks the defaults for everything else, so it is
	// resolved on its own first. Production is the fallback because a
	// forgotten variable must fail closed (secret required, JSON logs,
	// listening on all interfaces only where that is intended).
	environment := EnvProduction
	envVar := VarName("environment")
	switch {
	case o.getenv(envVar) != "":
		environment = o.getenv(envVar)
	case dotenv[envVar] == EnvProduction:
		// Production reads no .env, so a .env that asks for it would have
		// every other line ignored: refuse instead of guessing.
		return nil, fmt.Errorf("%s: production ignores %s; set %s=%s and the other settings in the real environment",
			envVar, o.envFile, envVar, EnvProduction)
	case dotenv[envVar] != "":
		environment = dotenv[envVar]
	}
	// Whatever .env holds was written for a developer's machine (its secret,
	// its database), so production never falls back to it.
	ignoredEnvFile := environment == EnvProduction && len(dotenv) > 0
	if environment == EnvProduction {
		dotenv = nil
	}
	lookup := func(key string) (string, bool) {
		name := VarName(key)
		if v := o.getenv(name); v != "" {
			return v, true
		}
		if v := dotenv[name]; v != "" {
			return v, true
		}
		return "", false
	}

	v := viper.New()
	for key, value := range defaults(environment) {
		v.SetDefault(key, value)
	}

	// Values are converted here rather than by viper's weak decoding so that
	// a bad value is reported against its variable name, and all of them at
	// once, instead of as a single mapstructure error.
	var errs []error
	for _, l := range leaves() {
		raw, ok := lookup(l.key)
		if !ok {
			continue
		}
		value, err := parseValue(l.typ, raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", VarName(l.key), err))
			continue
		}
		v.Set(l.key, value)
	}

	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		return nil, fmt.Errorf("config: decode: %w", err)
	}
	verr := cfg.validate(o.scope)
	if verr != nil && ignoredEnvFile {
		// Someone starting production in the app folder may expect .env to
		// supply what is missing; say why it did not.
		verr = errors.Join(verr, fmt.Errorf("%s: is production, so %s was not read: set the variables above in the real environment",
			envVar, o.envFile))
	}
	if len(errs) > 0 {
		// Unparsable variables kept their defaults above, so validation
		// still ran and its findings are reported alongside.
		return nil, errors.Join(append(errs, verr)...)
	}
	if verr != nil {
		return nil, verr
	}
	return &cfg, nil
}

func readEnvFile(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	m, err := godotenv.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	return m, nil
}

// VarName returns the environment variable for a key path, e.g. "database.url"
// becomes EnvPrefix + "_DATABASE_URL".
func VarName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Keys returns every leaf key path, sorted. It is derived from the struct tags
// so that adding a field is enough to make it loadable, and the tests then
// insist it gets a default and a line in .env.example.
func Keys() []string {
	ls := leaves()
	keys := make([]string, len(ls))
	for i, l := range ls {
		keys[i] = l.key
	}
	return keys
}

type leaf struct {
	key string
	typ reflect.Type
}

func leaves() []leaf {
	var out []leaf
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			key := prefix + f.Tag.Get("mapstructure")
			if f.Type.Kind() == reflect.Struct {
				walk(key+".", f.Type)
				continue
			}
			out = append(out, leaf{key: key, typ: f.Type})
		}
	}
	walk("", reflect.TypeFor[Config]())
	slices.SortFunc(out, func(a, b leaf) int { return strings.Compare(a.key, b.key) })
	return out
}

func parseValue(t reflect.Type, raw string) (any, error) {
	switch {
	case t == reflect.TypeFor[time.Duration]():
		d, err := time.ParseDuration(raw)
		if err != nil {
			return nil, fmt.Errorf("must be a duration such as 30s or 1m30s (got %q)", raw)
		}
		return d, nil
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(raw, 10, t.Bits())
		if err != nil {
			return nil, fmt.Errorf("must be a whole number (got %q)", raw)
		}
		return reflect.ValueOf(n).Convert(t).Interface(), nil
	case t.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, fmt.Errorf("must be true or false (got %q)", raw)
		}
		return b, nil
	case t.Kind() == reflect.String:
		return raw, nil
	case t == reflect.TypeFor[[]string]():
		return splitList(raw), nil
	default:
		// Only reachable when someone adds a field of a new type; failing
		// loudly beats silently ignoring the variable.
		panic(fmt.Sprintf("config: no parser for %s", t))
	}
}

// splitList reads a comma-separated variable. Blanks around items and empty
// items are dropped, so "a, b," and "a,b" mean the same list.
func splitList(raw string) []string {
	items := []string{}
	for item := range strings.SplitSeq(raw, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// IsProduction reports whether the app runs in production.
func (c *Config) IsProduction() bool { return c.Environment == EnvProduction }

// IsDevelopment reports whether the app runs on a developer's machine.
func (c *Config) IsDevelopment() bool { return c.Environment == EnvDevelopment }

// IsTest reports whether the app runs under the test suite.
func (c *Config) IsTest() bool { return c.Environment == EnvTest }
