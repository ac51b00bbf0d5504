// Package domain holds what every feature shares: the errors services return, which the HTTP
// layer maps to status codes in one place (render.DomainError).
package domain

import "errors"

// Sentinel errors. Services wrap them with context: fmt.Errorf("post %s: %w", id, ErrNotFound).
var (
	ErrNotFound   = errors.New("not found")
	ErrConflict   = errors.New("conflict")
	ErrValidation = errors.New("validation failed")
	ErrForbidden  = errors.New("forbidden")
)
