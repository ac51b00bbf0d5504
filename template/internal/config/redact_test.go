package config

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestLoggingRedactsSecrets(t *testing.T) {
	secrets := []string{"s3cret", "the-secret-key-0123456789abcdef0123", "tok-123", "sync-pw", "q-pw", "smtp-pw-0123"}
	cfg := Config{
		Environment: EnvProduction,
		SecretKey:   secrets[1],
		Database: DatabaseConfig{
			URL:       "postgres://u:s3cret@h/db",
			AuthToken: secrets[2],
			SyncURL:   "libsql://u:sync-pw@h/db?authToken=q-pw&tls=1",
		},
		Log:   LogConfig{Level: "info", Format: "json"},
		Email: EmailConfig{SMTP: SMTPConfig{Host: "smtp.example.com", Username: "mailer", Password: secrets[5]}},
	}
	secrets = append(secrets, withOAuthSecrets(&cfg.Auth.OAuth)...)

	outputs := map[string]func() string{
		"slog value": func() string {
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("start", "config", cfg)
			return buf.String()
		},
		"slog pointer": func() string {
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("start", "config", &cfg)
			return buf.String()
		},
		"zerolog": func() string {
			var buf bytes.Buffer
			logger := zerolog.New(&buf)
			logger.Info().Object("config", cfg).Msg("start")
			return buf.String()
		},
	}
	for name, render := range outputs {
		t.Run(name, func(t *testing.T) {
			out := render()
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("output contains %q:\n%s", s, out)
				}
			}
			for _, want := range []string{redactedMark, "u:xxxxx@h/db", "tls=1", "info", "smtp.example.com", "mailer"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// The startup log is how an operator sees what the app runs with, so a new
// setting must appear in it.
func TestLoggingCoversEveryKey(t *testing.T) {
	cfg := validConfig(t)
	outputs := map[string]func(*bytes.Buffer){
		"slog": func(b *bytes.Buffer) { slog.New(slog.NewJSONHandler(b, nil)).Info("start", "config", cfg) },
		"zerolog": func(b *bytes.Buffer) {
			logger := zerolog.New(b)
			logger.Info().Object("config", cfg).Msg("start")
		},
	}
	for name, render := range outputs {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			render(&buf)
			var line struct{ Config map[string]any }
			if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
				t.Fatalf("decode %s: %v", buf.String(), err)
			}
			for _, key := range Keys() {
				node := any(line.Config)
				for part := range strings.SplitSeq(key, ".") {
					group, _ := node.(map[string]any)
					node = group[part]
				}
				if node == nil {
					t.Errorf("%s is not logged", key)
				}
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"file:./data/app.db?_foreign_keys=on", "file:./data/app.db?_foreign_keys=on"},
		{"postgres://u:pw@h:5432/db?sslmode=disable", "postgres://u:xxxxx@h:5432/db?sslmode=disable"},
		{"postgres://h/db?password=pw&sslmode=disable", "postgres://h/db?password=xxxxx&sslmode=disable"},
		{"libsql://db.turso.io?authToken=pw", "libsql://db.turso.io?authToken=xxxxx"},
		{"postgres://u:pw@h:port/db", redactedMark},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactedKeepsUnsetVisible(t *testing.T) {
	r := Config{}.redacted()
	if r.SecretKey != "" || r.Database.AuthToken != "" || r.Email.SMTP.Password != "" {
		t.Errorf("unset secrets rendered as %q, %q, %q; want empty", r.SecretKey, r.Database.AuthToken, r.Email.SMTP.Password)
	}
}

// The OAuth sections are handed to the providers on their own, so each must be
// safe to log without the rest of the configuration.
func TestOAuthSectionRedactsItself(t *testing.T) {
	var oauth OAuthConfig
	secrets := withOAuthSecrets(&oauth)
	var slogOut, zerologOut bytes.Buffer
	slog.New(slog.NewJSONHandler(&slogOut, nil)).Info("oauth", "oauth", oauth)
	logger := zerolog.New(&zerologOut)
	logger.Info().Object("oauth", oauth).Msg("oauth")
	for name, out := range map[string]string{"slog": slogOut.String(), "zerolog": zerologOut.String()} {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s output contains %q:\n%s", name, s, out)
			}
		}
		if len(secrets) > 0 && !strings.Contains(out, redactedMark) {
			t.Errorf("%s output lacks %q:\n%s", name, redactedMark, out)
		}
	}
}
