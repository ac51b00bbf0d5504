package config

import (
	"strings"
	"testing"
)

// A tool's scope checks its own settings only: production without the server's mail, storage
// or queue settings loads for cmd/migrate, and still names a bad setting inside the scope.
func TestWithScope(t *testing.T) {
	url, _ := defaults(EnvDevelopment)["database.url"].(string)
	production := map[string]string{
		VarName("environment"):  EnvProduction,
		VarName("database.url"): url,
	}
	tests := []struct {
		name    string
		env     map[string]string
		scope   []string
		wantErr string // "" for none
	}{
		{"server settings missing, database scope", production, []string{"database", "log"}, ""},
		{"server settings missing, no scope", production, nil, VarName("secret_key") + ": required"},
		{"bad value inside the scope", merge(production, map[string]string{VarName("log.level"): "loud"}), []string{"database", "log"}, VarName("log.level")},
		{"a single key in scope", production, []string{"secret_key"}, VarName("secret_key") + ": required"},
		{"the environment is always checked", map[string]string{VarName("environment"): "staging"}, []string{"database"}, VarName("environment")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.scope != nil {
				opts = append(opts, WithScope(tt.scope...))
			}
			_, err := loadWith(t, tt.env, opts...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("Load: %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("Load: %v, want an error naming %s", err, tt.wantErr)
			}
		})
	}
}

func merge(a, b map[string]string) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// loadWith runs Load against env only, with no .env file.
func loadWith(t *testing.T, env map[string]string, opts ...Option) (*Config, error) {
	t.Helper()
	opts = append([]Option{WithGetenv(func(k string) string { return env[k] }), WithEnvFile("")}, opts...)
	return Load(opts...)
}
