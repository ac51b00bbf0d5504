package db

import (
	"database/sql"
	"errors"
)

// IsNotFound reports whether err means a query found no row.
func IsNotFound(err error) bool {
	return errors.Is(err, sql.ErrNoRows)
}

// IsUniqueViolation reports whether err is a unique or primary key constraint failure.
func IsUniqueViolation(err error) bool {
	return err != nil && isUniqueViolation(err)
}

// IsForeignKeyViolation reports whether err is a foreign key constraint failure.
func IsForeignKeyViolation(err error) bool {
	return err != nil && isForeignKeyViolation(err)
}
