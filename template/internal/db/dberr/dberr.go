// Package dberr classifies database errors without importing a driver, so domain repositories
// can map constraint failures to domain errors and still stay free of driver packages (the
// libSQL driver alone would pull net/http into the domain layer).
//
// PostgreSQL errors carry a SQLSTATE code; SQLite drivers only say it in the message.
package dberr

import "strings"

// SQLSTATE codes of the constraint failures repositories care about.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
)

// sqlStater is what pgx's *pgconn.PgError offers.
type sqlStater interface {
	SQLState() string
}

func sqlState(err error) string {
	for e := err; e != nil; {
		if s, ok := e.(sqlStater); ok {
			return s.SQLState()
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return ""
		}
		e = u.Unwrap()
	}
	return ""
}

// IsUnique reports whether err is a unique or primary key constraint failure.
func IsUnique(err error) bool {
	if err == nil {
		return false
	}
	if code := sqlState(err); code != "" {
		return code == codeUniqueViolation
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed")
}

// IsForeignKey reports whether err is a foreign key constraint failure: a row points at one
// that does not exist, or a delete would leave rows pointing at nothing.
func IsForeignKey(err error) bool {
	if err == nil {
		return false
	}
	if code := sqlState(err); code != "" {
		return code == codeForeignKeyViolation
	}
	return strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// UniqueColumn names which of columns of table a unique failure is about, or "" when the
// error does not tell. SQLite reports "table.column"; the unique indexes of generated
// migrations are named "<table>_<column>_key", which PostgreSQL reports.
func UniqueColumn(err error, table string, columns ...string) string {
	if !IsUnique(err) {
		return ""
	}
	msg := err.Error()
	for _, column := range columns {
		if strings.Contains(msg, table+"."+column) || strings.Contains(msg, `"`+table+"_"+column+`_key"`) {
			return column
		}
	}
	return ""
}
