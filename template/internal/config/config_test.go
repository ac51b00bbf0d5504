package config

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/joho/godotenv"
)

// testSecret is long enough for production and obviously not real.
const testSecret = "test-secret-key-that-is-at-least-32-bytes-long"

// Production has no default for these; productionEnv supplies them.
const (
	testBaseURL  = "https://app.example.com"
	testFrom     = "no-reply@example.com"
	testSMTPHost = "smtp.example.com"
)

// productionEnv holds every setting production requires, plus extra.
func productionEnv(extra map[string]string) map[string]string {
	env := map[string]string{
		VarName("secret_key"):      testSecret,
		VarName("server.base_url"): testBaseURL,
		VarName("email.from"):      testFrom,
	}
	providerEnv, _ := productionProviderEnv()
	for k, v := range providerEnv {
		env[k] = v
	}
	queueEnv, _ := productionQueueEnv()
	for k, v := range queueEnv {
		env[k] = v
	}
	storageEnv, _ := productionStorageEnv()
	for k, v := range storageEnv {
		env[k] = v
	}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// load runs Load against an injected environment and a .env file in a temp
// dir, so tests never depend on, or change, the real process environment.
func load(t *testing.T, env map[string]string, dotenv string) (*Config, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".env")
	if dotenv != "" {
		if err := os.WriteFile(path, []byte(dotenv), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return Load(WithGetenv(mapGetenv(env)), WithEnvFile(path))
}

func mapGetenv(m map[string]string) func(string) string {
	return func(name string) string { return m[name] }
}

func mustLoad(t *testing.T, env map[string]string, dotenv string) *Config {
	t.Helper()
	cfg, err := load(t, env, dotenv)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return cfg
}

func TestVarName(t *testing.T) {
	for key, want := range map[string]string{
		"environment":             EnvPrefix + "_ENVIRONMENT",
		"database.url":            EnvPrefix + "_DATABASE_URL",
		"server.max_header_bytes": EnvPrefix + "_SERVER_MAX_HEADER_BYTES",
	} {
		if got := VarName(key); got != want {
			t.Errorf("VarName(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestKeys(t *testing.T) {
	keys := Keys()
	if !slices.IsSorted(keys) {
		t.Errorf("Keys() not sorted: %v", keys)
	}
	for _, want := range []string{
		"environment", "secret_key", "server.addr", "server.drain_delay", "server.trusted_proxies",
		"database.url", "database.migrate_on_start", "log.level", "log.format",
		"middleware.request_timeout", "middleware.max_body_bytes", "security.trusted_origins", "cors.enabled",
		"server.base_url", "session.cookie_name", "auth.otp_ttl", "auth.admin_emails", "audit.retention",
		"email.from", "email.smtp.tls", "email.breaker.open_timeout", "sms.provider", "sms.breaker.interval",
		"rbac.reload_interval",
	} {
		if !slices.Contains(keys, want) {
			t.Errorf("Keys() lacks %q", want)
		}
	}
	for _, k := range keys {
		if leafValue(t, &Config{}, k).Kind() == reflect.Struct {
			t.Errorf("Keys() contains the struct key %q, want leaves only", k)
		}
	}
}

// CONF-1: base defaults < per-environment defaults < .env < environment.
func TestLoadPrecedence(t *testing.T) {
	addr, env := VarName("server.addr"), VarName("environment")
	tests := []struct {
		name     string
		env      map[string]string
		dotenv   string
		wantEnv  string
		wantAddr string
	}{
		{
			name:     "defaults fall back to production",
			env:      productionEnv(nil),
			wantEnv:  EnvProduction,
			wantAddr: ":8080",
		},
		{
			name:     "environment from .env selects its defaults",
			dotenv:   env + "=development\n",
			wantEnv:  EnvDevelopment,
			wantAddr: "127.0.0.1:8080",
		},
		{
			name:     ".env beats environment defaults",
			dotenv:   env + "=development\n" + addr + "=127.0.0.1:9000\n",
			wantEnv:  EnvDevelopment,
			wantAddr: "127.0.0.1:9000",
		},
		{
			name:     "environment beats .env",
			env:      map[string]string{addr: "127.0.0.1:7000"},
			dotenv:   env + "=development\n" + addr + "=127.0.0.1:9000\n",
			wantEnv:  EnvDevelopment,
			wantAddr: "127.0.0.1:7000",
		},
		{
			name:     "environment's environment beats .env's",
			env:      map[string]string{env: "test"},
			dotenv:   env + "=development\n",
			wantEnv:  EnvTest,
			wantAddr: "127.0.0.1:0",
		},
		{
			name:     "empty variable counts as unset",
			env:      map[string]string{addr: ""},
			dotenv:   env + "=development\n" + addr + "=127.0.0.1:9000\n",
			wantEnv:  EnvDevelopment,
			wantAddr: "127.0.0.1:9000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustLoad(t, tt.env, tt.dotenv)
			if cfg.Environment != tt.wantEnv {
				t.Errorf("Environment = %q, want %q", cfg.Environment, tt.wantEnv)
			}
			if cfg.Server.Addr != tt.wantAddr {
				t.Errorf("Server.Addr = %q, want %q", cfg.Server.Addr, tt.wantAddr)
			}
		})
	}
}

func TestDotenvDoesNotTouchProcessEnvironment(t *testing.T) {
	name := VarName("log.level")
	if _, ok := os.LookupEnv(name); ok {
		t.Skipf("%s is set in the test's environment", name)
	}
	cfg := mustLoad(t, nil, VarName("environment")+"=development\n"+name+"=error\n")
	if cfg.Log.Level != "error" {
		t.Fatalf("Log.Level = %q, want the .env value %q", cfg.Log.Level, "error")
	}
	if _, ok := os.LookupEnv(name); ok {
		t.Errorf("%s leaked from .env into os.Environ", name)
	}
}

// A server started with ENVIRONMENT=production in the app folder must not
// pick up the developer's secret and database from .env.
func TestProductionReadsNoEnvFile(t *testing.T) {
	devFile := VarName("environment") + "=development\n" +
		VarName("secret_key") + "=dev-secret-from-dotenv-0123456789abcdef\n" +
		VarName("database.url") + "=" + defaultDatabaseURL + "-from-dotenv\n" +
		VarName("log.level") + "=debug\n"

	t.Run("set variables win and .env adds nothing", func(t *testing.T) {
		cfg := mustLoad(t, productionEnv(map[string]string{VarName("environment"): EnvProduction}), devFile)
		if cfg.SecretKey != testSecret {
			t.Errorf("SecretKey came from .env, want the environment's")
		}
		if cfg.Database.URL != defaultDatabaseURL {
			t.Errorf("Database.URL = %q, want the default %q, not .env's", cfg.Database.URL, defaultDatabaseURL)
		}
		if cfg.Log.Level != "info" {
			t.Errorf("Log.Level = %q, want production's info, not .env's debug", cfg.Log.Level)
		}
	})

	t.Run("missing secret is named although .env has one", func(t *testing.T) {
		_, err := load(t, map[string]string{VarName("environment"): EnvProduction}, devFile)
		if err == nil {
			t.Fatal("Load: nil, want a missing secret error")
		}
		for _, want := range []string{
			VarName("secret_key") + ": required in production",
			VarName("environment") + ": is production, so ",
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Load: %v\nwant it to contain %q", err, want)
			}
		}
		if strings.Contains(err.Error(), "dev-secret-from-dotenv") {
			t.Errorf("error echoes the .env secret: %v", err)
		}
	})

	t.Run("production asked for by .env is refused", func(t *testing.T) {
		_, err := load(t, map[string]string{VarName("secret_key"): testSecret},
			VarName("environment")+"=production\n")
		if err == nil || !strings.HasPrefix(err.Error(), VarName("environment")+": production ignores ") {
			t.Errorf("Load: %v, want a %s error", err, VarName("environment"))
		}
	})

	t.Run("no environment anywhere is production without .env", func(t *testing.T) {
		cfg := mustLoad(t, productionEnv(nil), VarName("log.level")+"=debug\n")
		if !cfg.IsProduction() || cfg.Log.Level != "info" {
			t.Errorf("Environment, Log.Level = %q, %q, want production and info", cfg.Environment, cfg.Log.Level)
		}
	})
}

func TestEnvFile(t *testing.T) {
	dev := mapGetenv(map[string]string{VarName("environment"): EnvDevelopment})

	if _, err := Load(WithGetenv(dev), WithEnvFile(filepath.Join(t.TempDir(), "missing.env"))); err != nil {
		t.Errorf("missing .env: %v, want no error", err)
	}
	if _, err := Load(WithGetenv(dev), WithEnvFile(t.TempDir())); err == nil {
		t.Error("unreadable .env (a directory): want an error")
	}

	// An empty path skips the file, even one that would be invalid.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(VarName("log.level")+"=loud\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if _, err := Load(WithGetenv(dev)); err == nil {
		t.Error("default .env in the working directory was not read")
	}
	if _, err := Load(WithGetenv(dev), WithEnvFile("")); err != nil {
		t.Errorf("WithEnvFile(\"\"): %v, want the file skipped", err)
	}
}

// CONF-4 and WEB-20.
func TestEnvironmentDefaults(t *testing.T) {
	server := func(addr, baseURL string) ServerConfig {
		return ServerConfig{
			Addr:              addr,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       15 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       60 * time.Second,
			MaxHeaderBytes:    1 << 20,
			ShutdownTimeout:   30 * time.Second,
			DrainDelay:        0,
			TrustedProxies:    []string{},
			BaseURL:           baseURL,
		}
	}
	database := func(migrate bool) DatabaseConfig {
		return DatabaseConfig{
			URL:             defaultDatabaseURL,
			ConnectTimeout:  10 * time.Second,
			MaxOpenConns:    defaultMaxOpenConns,
			MaxIdleConns:    defaultMaxIdleConns,
			ConnMaxLifetime: defaultConnMaxLifetime,
			ConnMaxIdleTime: defaultConnMaxIdleTime,
			MigrateOnStart:  migrate,
		}
	}
	// The same in every environment, so local runs meet the limits
	// production has.
	middleware := MiddlewareConfig{
		RequestTimeout:         25 * time.Second,
		ThrottleLimit:          100,
		ThrottleBacklogLimit:   200,
		ThrottleBacklogTimeout: 10 * time.Second,
		RateLimitRequests:      300,
		RateLimitWindow:        time.Minute,
		MaxBodyBytes:           1 << 20,
	}
	security := SecurityConfig{TrustedOrigins: []string{}}
	cors := CORSConfig{AllowedOrigins: []string{}}
	session := SessionConfig{
		CookieName:    strings.ToLower(EnvPrefix) + "_session",
		Lifetime:      24 * time.Hour,
		IdleTimeout:   20 * time.Minute,
		SweepInterval: 5 * time.Minute,
	}
	auth := AuthConfig{
		OTPTTL:            10 * time.Minute,
		MagicLinkTTL:      15 * time.Minute,
		OTPMaxAttempts:    3,
		ChallengesPerHour: 5,
		RateLimitRequests: 20,
		RateLimitWindow:   time.Minute,
		SMSDailyLimit:     1000,
		AdminEmails:       []string{},
		OAuth:             wantOAuthDefaults(),
	}
	audit := AuditConfig{Retention: 8760 * time.Hour}
	// Production has no mail server or sender to assume; development and
	// test talk plain SMTP to a local sink such as Mailpit.
	// The provider is the one the app was generated with (messaging_test.go).
	email := func(env, from, host string, port int, tls string) EmailConfig {
		return wantEmailDefaults(env, EmailConfig{
			From:    from,
			Timeout: 10 * time.Second,
			SMTP:    SMTPConfig{Host: host, Port: port, TLS: tls},
			Breaker: BreakerConfig{
				MinRequests:      5,
				FailurePercent:   30,
				Interval:         30 * time.Second,
				OpenTimeout:      120 * time.Second,
				HalfOpenRequests: 5,
			},
		})
	}
	sms := wantSMSDefaults()
	rbac := RBACConfig{ReloadInterval: 30 * time.Second}
	tests := []struct {
		env  string
		set  map[string]string // beyond the environment
		want Config
	}{
		{EnvDevelopment, nil, Config{
			Environment: EnvDevelopment,
			Server:      server("127.0.0.1:8080", "http://127.0.0.1:8080"),
			Database:    database(true),
			Log:         LogConfig{Level: "debug", Format: "console"},
			Middleware:  middleware,
			Security:    security,
			CORS:        cors,
			Session:     session,
			Auth:        auth,
			Audit:       audit,
			Email:       email(EnvDevelopment, "no-reply@localhost", "127.0.0.1", 1025, "none"),
			SMS:         sms,
			RBAC:        rbac,
			Storage:     wantStorageDefaults(EnvDevelopment),
			Jobs:        wantJobsDefaults(EnvDevelopment),
		}},
		{EnvTest, nil, Config{
			Environment: EnvTest,
			Server:      server("127.0.0.1:0", "http://127.0.0.1"),
			Database:    database(true),
			Log:         LogConfig{Level: "warn", Format: "console"},
			Middleware:  middleware,
			Security:    security,
			CORS:        cors,
			Session:     session,
			Auth:        auth,
			Audit:       audit,
			Email:       email(EnvTest, "no-reply@localhost", "127.0.0.1", 1025, "none"),
			SMS:         sms,
			RBAC:        rbac,
			Storage:     wantStorageDefaults(EnvTest),
			Jobs:        wantJobsDefaults(EnvTest),
		}},
		{EnvProduction, productionEnv(nil), Config{
			Environment: EnvProduction,
			SecretKey:   testSecret,
			Server:      server(":8080", testBaseURL),
			Database:    database(false),
			Log:         LogConfig{Level: "info", Format: "json"},
			Middleware:  middleware,
			Security:    security,
			CORS:        cors,
			Session:     session,
			Auth:        auth,
			Audit:       audit,
			Email:       email(EnvProduction, testFrom, testSMTPHost, 587, "starttls"),
			SMS:         sms,
			RBAC:        rbac,
			Storage:     wantStorageDefaults(EnvProduction),
			Jobs:        wantJobsDefaults(EnvProduction),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			env := map[string]string{VarName("environment"): tt.env}
			for k, v := range tt.set {
				env[k] = v
			}
			cfg := mustLoad(t, env, "")
			tt.want.Observability = wantObservabilityDefaults(tt.env) // observability_test.go
			if !reflect.DeepEqual(*cfg, tt.want) {
				t.Errorf("defaults for %s:\n got %+v\nwant %+v", tt.env, *cfg, tt.want)
			}
			is := map[string]bool{EnvDevelopment: cfg.IsDevelopment(), EnvTest: cfg.IsTest(), EnvProduction: cfg.IsProduction()}
			for name, got := range is {
				if got != (name == tt.env) {
					t.Errorf("Is %s = %v", name, got)
				}
			}
		})
	}
}

// Production guesses neither its public address nor its mail server: each
// missing setting is named, all at once.
func TestProductionRequires(t *testing.T) {
	_, providerRequired := productionProviderEnv()
	_, queueRequired := productionQueueEnv()
	_, storageRequired := productionStorageEnv()
	required := append([]string{"secret_key", "server.base_url", "email.from"}, providerRequired...)
	required = append(required, queueRequired...)
	required = append(required, storageRequired...)
	_, err := load(t, map[string]string{VarName("environment"): EnvProduction}, "")
	if err == nil {
		t.Fatal("Load: nil, want an error naming every required setting")
	}
	for _, key := range required {
		if !strings.Contains(err.Error(), VarName(key)+": required") {
			t.Errorf("error does not name %s:\n%v", VarName(key), err)
		}
	}
	for _, key := range required {
		t.Run("only "+key+" missing", func(t *testing.T) {
			env := productionEnv(nil)
			delete(env, VarName(key))
			_, err := load(t, env, "")
			if err == nil || !strings.HasPrefix(err.Error(), VarName(key)+": required") || strings.Contains(err.Error(), "\n") {
				t.Errorf("Load: %v, want exactly one error, for %s", err, VarName(key))
			}
		})
	}
}

func TestEveryKeyHasADefault(t *testing.T) {
	want := Keys()
	for _, env := range []string{EnvDevelopment, EnvTest, EnvProduction} {
		got := make([]string, 0, len(want))
		for k := range defaults(env) {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("defaults(%q) keys:\n got %v\nwant %v", env, got, want)
		}
	}
}

// CONF-2: every leaf is reachable through its variable. Driven by Keys(), so
// a new field is covered (or fails here for want of a sample value).
func TestEveryKeyIsOverridable(t *testing.T) {
	baseline := mustLoad(t, productionEnv(nil), "")

	for _, key := range Keys() {
		t.Run(key, func(t *testing.T) {
			if raw, ok := onlyChoice[key]; ok {
				// No other valid value to prove it with: an invalid one must
				// reach Validate instead.
				_, err := load(t, productionEnv(map[string]string{VarName(key): raw}), "")
				if err == nil || !strings.Contains(err.Error(), VarName(key)+": must be one of") || !strings.Contains(err.Error(), strconv.Quote(raw)) {
					t.Errorf("%s=%q: Load: %v, want it refused by name", VarName(key), raw, err)
				}
				return
			}
			before := leafValue(t, baseline, key)
			raw := sampleValue(t, key, before)
			env := productionEnv(map[string]string{VarName(key): raw})
			for k, v := range companions[key] {
				env[VarName(k)] = v
			}

			cfg := mustLoad(t, env, "")
			got := leafValue(t, cfg, key)
			want, err := parseValue(got.Type(), raw)
			if err != nil {
				t.Fatalf("sample %q: %v", raw, err)
			}
			if !reflect.DeepEqual(got.Interface(), want) {
				t.Errorf("%s=%q: %s = %v, want %v", VarName(key), raw, key, got.Interface(), want)
			}
			if reflect.DeepEqual(got.Interface(), before.Interface()) {
				t.Errorf("sample for %s equals its default, proving nothing", key)
			}
		})
	}
}

// companions are settings a sample is only valid alongside. OAuth keys of
// providers this app was generated without are simply never asked for.
var companions = map[string]map[string]string{
	"cors.enabled": {"cors.allowed_origins": "https://app.example.com"},
	// SVC-6: production refuses SMS login with the log provider.
	"auth.sms_enabled":    {"environment": EnvDevelopment},
	"email.smtp.password": {"email.smtp.username": "mailer"},

	"auth.oauth.github.client_id":     {"auth.oauth.github.client_secret": "sample-secret"},
	"auth.oauth.github.client_secret": {"auth.oauth.github.client_id": "sample-id"},
	"auth.oauth.google.client_id":     {"auth.oauth.google.client_secret": "sample-secret"},
	"auth.oauth.google.client_secret": {"auth.oauth.google.client_id": "sample-id"},
	"auth.oauth.oidc.client_id": {
		"auth.oauth.oidc.client_secret": "sample-secret",
		"auth.oauth.oidc.issuer_url":    "https://issuer.example.com",
	},
	"auth.oauth.oidc.client_secret": {
		"auth.oauth.oidc.client_id":  "sample-id",
		"auth.oauth.oidc.issuer_url": "https://issuer.example.com",
	},
}

// onlyChoice lists settings with a single valid value so far, each with a
// value Validate must refuse. The email and SMS providers are added by
// messaging_test.go when the app was generated with only SMTP or log.
var onlyChoice = map[string]string{}

// sampleValue returns a valid value that differs from the default. Keys
// with rules get hand-picked values; the rest are chosen by type.
func sampleValue(t *testing.T, key string, def reflect.Value) string {
	if v, ok := storageSampleValue(key); ok {
		return v
	}
	switch key {
	case "server.write_timeout":
		return "45s" // must stay above middleware.request_timeout
	case "server.trusted_proxies":
		return "10.0.0.0/8, 192.168.1.10"
	case "security.trusted_origins":
		return "https://admin.example.com,https://app.example.com:8443"
	case "cors.allowed_origins":
		return "https://app.example.com"
	case "environment":
		return EnvDevelopment
	case "secret_key":
		return strings.Repeat("k", 40)
	case "server.addr":
		return "127.0.0.1:4321"
	case "observability.metrics_addr":
		return "127.0.0.1:9191"
	case "database.url":
		return databaseURLSchemes()[0] + "meta-test"
	case "database.max_idle_conns":
		return "0"
	case "log.level":
		return "error"
	case "log.format":
		return "console"
	case "server.base_url":
		return "https://sample.example.com:8443"
	case "session.lifetime":
		return "48h" // must stay above session.idle_timeout
	case "auth.admin_emails":
		return "root@example.com, ops@example.com"
	case "email.from":
		return "sample@example.com"
	case "email.smtp.tls":
		return "tls"
	case "email.provider":
		return "smtp" // the default is the generated provider; SMTP is always there
	case "sms.provider":
		return "log"
	case "email.sendgrid.base_url", "sms.twilio.base_url":
		return "https://sample.example.com"
	case "email.breaker.failure_percent", "sms.breaker.failure_percent":
		return "50"
	case "auth.oauth.github.auth_url", "auth.oauth.github.token_url", "auth.oauth.github.api_url",
		"auth.oauth.oidc.issuer_url":
		return "https://sample.example.com/" + key
	}
	switch {
	case def.Type() == reflect.TypeFor[time.Duration]():
		return "4321ms"
	case def.Kind() == reflect.Int || def.Kind() == reflect.Int64:
		return "4321"
	case def.Kind() == reflect.Bool:
		if def.Bool() {
			return "false"
		}
		return "true"
	case def.Kind() == reflect.String:
		return "meta-" + key
	case def.Type() == reflect.TypeFor[[]string]():
		return "meta-a,meta-b"
	}
	t.Fatalf("no sample value for %s of type %s", key, def.Type())
	return ""
}

// leafValue follows a key path through the mapstructure tags.
func leafValue(t *testing.T, cfg *Config, key string) reflect.Value {
	t.Helper()
	v := reflect.ValueOf(cfg).Elem()
next:
	for part := range strings.SplitSeq(key, ".") {
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("mapstructure") == part {
				v = v.Field(i)
				continue next
			}
		}
		t.Fatalf("no field for %q in %s", part, key)
	}
	return v
}

func TestParseErrorsNameTheVariable(t *testing.T) {
	env := map[string]string{
		VarName("environment"):               EnvDevelopment,
		VarName("server.read_timeout"):       "fast",
		VarName("database.max_open_conns"):   "many",
		VarName("database.migrate_on_start"): "maybe",
		VarName("middleware.max_body_bytes"): "1MiB",
	}
	_, err := load(t, env, "")
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		VarName("server.read_timeout") + `: must be a duration such as 30s or 1m30s (got "fast")`,
		VarName("database.max_open_conns") + `: must be a whole number (got "many")`,
		VarName("database.migrate_on_start") + `: must be true or false (got "maybe")`,
		VarName("middleware.max_body_bytes") + `: must be a whole number (got "1MiB")`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestListValues(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want []string
	}{
		{"one item", "10.0.0.0/8", []string{"10.0.0.0/8"}},
		{"items are trimmed", " 10.0.0.0/8 ,192.168.1.10 ", []string{"10.0.0.0/8", "192.168.1.10"}},
		{"empty items are dropped", "10.0.0.0/8,, ,", []string{"10.0.0.0/8"}},
		{"only separators is empty", " , ", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{VarName("environment"): EnvDevelopment, VarName("server.trusted_proxies"): tt.raw}
			cfg := mustLoad(t, env, "")
			if !reflect.DeepEqual(cfg.Server.TrustedProxies, tt.want) {
				t.Errorf("TrustedProxies = %q, want %q", cfg.Server.TrustedProxies, tt.want)
			}
		})
	}
}

// CONF-7: .env.example (at the project root) documents exactly the keys the
// app reads, each under a comment, with the production defaults as values.
func TestEnvExample(t *testing.T) {
	const path = "../../.env.example"
	example, err := godotenv.Read(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}

	var got, want []string
	for name := range example {
		got = append(got, name)
	}
	for _, key := range Keys() {
		want = append(want, VarName(key))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf(".env.example variables:\n got %v\nwant %v", got, want)
	}

	if s := example[VarName("secret_key")]; s != ExampleSecretKey {
		t.Errorf(".env.example secret = %q, want ExampleSecretKey", s)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }() // opened for reading only: nothing to lose on close
	prev := ""
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		if strings.HasPrefix(line, EnvPrefix+"_") && !strings.HasPrefix(prev, "#") {
			t.Errorf(".env.example: %q has no comment above it", line)
		}
		prev = line
	}

	// The documented values must be the real ones: exporting the example
	// (with a usable secret) gives exactly the production defaults. It is
	// passed as the environment because production reads no .env file.
	// The settings production requires are blank in the example, and blank
	// counts as unset, so both sides get the same values for them.
	required := productionEnv(nil)
	for k, v := range required {
		example[k] = v
	}
	fromExample, err := Load(WithGetenv(mapGetenv(example)), WithEnvFile(""))
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	fromDefaults, err := Load(WithGetenv(mapGetenv(required)), WithEnvFile(""))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromExample, fromDefaults) {
		t.Errorf(".env.example disagrees with the defaults:\n got %+v\nwant %+v", *fromExample, *fromDefaults)
	}
}

// Local runs use the generated .env as is, so it must load.
func TestDevEnvFile(t *testing.T) {
	const path = "../../.env"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no %s: %v", path, err)
	}
	cfg, err := Load(WithGetenv(mapGetenv(nil)), WithEnvFile(path))
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if !cfg.IsDevelopment() {
		t.Errorf("%s: Environment = %q, want development", path, cfg.Environment)
	}
}
