// Package domain holds what every feature shares: the errors services return, which the HTTP
// layer maps to status codes in one place (render.DomainError).
package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. Services wrap them with context: fmt.Errorf("post %s: %w", id, ErrNotFound).
var (
	ErrNotFound   = errors.New("not found")
	ErrConflict   = errors.New("conflict")
	ErrValidation = errors.New("validation failed")
	ErrForbidden  = errors.New("forbidden")
)

// FieldErrors is a validation failure with one message per form field, keyed by the field's
// form name. It matches ErrValidation, so the HTTP layer answers 422 and shows the form again
// with each message next to its field.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	names := make([]string, 0, len(e))
	for name := range e {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name + ": " + e[name]
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrValidation) true for field errors.
func (e FieldErrors) Is(target error) bool { return target == ErrValidation }

// Add records msg for field unless the field already has a message: the first problem found
// is the one worth showing.
func (e FieldErrors) Add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// ConflictError is a write refused by a unique constraint. Field names the column when the
// repository could tell which one, so the service can put the message next to that field.
type ConflictError struct {
	Field string
}

func (e *ConflictError) Error() string {
	if e.Field == "" {
		return ErrConflict.Error()
	}
	return fmt.Sprintf("%v: %s is already taken", ErrConflict, e.Field)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
