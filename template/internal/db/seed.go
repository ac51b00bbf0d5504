package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed all:seeds
var seedFiles embed.FS

// Seed runs the seed files of one environment (seeds/<env>/*.sql) in name order. Versioning
// is off, so seeds run every time; each file must be idempotent (ON CONFLICT DO NOTHING).
// It returns how many files ran.
func Seed(ctx context.Context, conn *sql.DB, env string) (int, error) {
	dir, err := fs.Sub(seedFiles, "seeds/"+env)
	if err != nil {
		return 0, fmt.Errorf("open seeds for %q: %w", env, err)
	}
	provider, err := NewProvider(conn, dir, goose.WithDisableVersioning(true))
	if isNoMigrations(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("load seeds for %q: %w", env, err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("run seeds for %q: %w", env, err)
	}
	return len(results), nil
}
