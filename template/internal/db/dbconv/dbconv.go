// Package dbconv converts between domain values and the column types sqlc generates where the
// two differ: SQLite keeps booleans as 0/1 integers, dates as ISO-8601 text and every integer
// as int64, and JSON travels as text on every driver. Repositories call these so that domain
// types stay the same whichever database the app runs on.
package dbconv

import (
	"encoding/json"
	"fmt"
	"time"
)

// Map applies f to the value p points at, keeping nil as nil (a NULL column).
func Map[T, U any](p *T, f func(T) U) *U {
	if p == nil {
		return nil
	}
	v := f(*p)
	return &v
}

// MapErr is Map for a conversion that can fail.
func MapErr[T, U any](p *T, f func(T) (U, error)) (*U, error) {
	if p == nil {
		return nil, nil
	}
	v, err := f(*p)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// Int32 narrows an INTEGER column to the domain's int32. Services validate the range before
// writing, so a stored value always fits.
func Int32(v int64) int32 { return int32(v) }

// Int64 widens a domain int32 for an INTEGER column.
func Int64(v int32) int64 { return int64(v) }

// Bool reads a 0/1 INTEGER column.
func Bool(v int64) bool { return v != 0 }

// BoolInt writes a boolean as 0 or 1.
func BoolInt(v bool) int64 {
	if v {
		return 1
	}
	return 0
}

// Date parses a date stored as YYYY-MM-DD text; the result is midnight UTC. The libSQL driver
// hands back text that looks like a date as a time, which database/sql then formats as
// RFC 3339, so that form is read too.
func Date(text string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, text)
	if err == nil {
		return t, nil
	}
	full, fullErr := time.Parse(time.RFC3339Nano, text)
	if fullErr != nil {
		return time.Time{}, fmt.Errorf("stored date %q: %w", text, err)
	}
	return time.Date(full.Year(), full.Month(), full.Day(), 0, 0, 0, 0, time.UTC), nil
}

// DateText formats the calendar date of t as YYYY-MM-DD, the form SQLite's date functions use.
func DateText(t time.Time) string { return t.Format(time.DateOnly) }

// JSON reads a JSON column; the text was validated as JSON before it was written.
func JSON(text string) json.RawMessage { return json.RawMessage(text) }

// JSONText writes a JSON document as text.
func JSONText(m json.RawMessage) string { return string(m) }

// JSONOrNil reads a NULL-able JSON column: NULL becomes a nil RawMessage.
func JSONOrNil(text *string) json.RawMessage {
	if text == nil {
		return nil
	}
	return json.RawMessage(*text)
}

// JSONTextOrNil writes a nil RawMessage as NULL.
func JSONTextOrNil(m json.RawMessage) *string {
	if m == nil {
		return nil
	}
	s := string(m)
	return &s
}
