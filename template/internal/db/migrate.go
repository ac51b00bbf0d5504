package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationsDir is where `cmd/migrate create` writes new files, relative to the project root.
const MigrationsDir = "internal/db/migrations"

// NewMigrator returns a goose Provider over the embedded migrations. Out-of-order runs are
// allowed: a template update that adds 00002 after the app applied a timestamped migration
// still applies it.
func NewMigrator(conn *sql.DB) (*goose.Provider, error) {
	dir, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("open embedded migrations: %w", err)
	}
	return NewProvider(conn, dir, goose.WithAllowOutofOrder(true))
}

// NewProvider builds a goose Provider over dir with the app's dialect (and, on postgres, its
// migration lock). NewMigrator and Seed use it; tests use it with their own files.
func NewProvider(conn *sql.DB, dir fs.FS, extra ...goose.ProviderOption) (*goose.Provider, error) {
	opts, err := gooseOptions()
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	provider, err := goose.NewProvider(gooseDialect, conn, dir, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return provider, nil
}

// Migrate applies every pending migration.
func Migrate(ctx context.Context, conn *sql.DB) ([]*goose.MigrationResult, error) {
	provider, err := NewMigrator(conn)
	if err != nil {
		return nil, err
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return results, fmt.Errorf("apply migrations: %w", err)
	}
	return results, nil
}

// Pending returns how many migrations have not been applied yet.
func Pending(ctx context.Context, conn *sql.DB) (int, error) {
	provider, err := NewMigrator(conn)
	if err != nil {
		return 0, err
	}
	statuses, err := provider.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("migration status: %w", err)
	}
	pending := 0
	for _, s := range statuses {
		if s.State == goose.StatePending {
			pending++
		}
	}
	return pending, nil
}

// isNoMigrations reports whether err only says that a folder holds no migration files.
func isNoMigrations(err error) bool {
	return errors.Is(err, goose.ErrNoMigrations)
}
