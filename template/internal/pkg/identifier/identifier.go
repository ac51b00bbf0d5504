// Package identifier mints and checks the application's primary keys:
// UUIDv7 strings in canonical lowercase form.
//
// Version 7 puts a millisecond timestamp in the leading bits, so new keys sort
// after old ones and B-tree indexes grow at the right edge instead of
// splitting pages at random, while still being unguessable enough to appear
// in URLs.
//
// google/uuid is confined to this file on purpose: once the module's Go floor
// reaches 1.27, the standard library's uuid package can replace it here
// without touching callers.
package identifier

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// ErrInvalid is returned (wrapped) for anything that is not a canonical
// UUIDv7; test for it with errors.Is.
var ErrInvalid = errors.New("identifier: invalid UUIDv7")

// New returns a fresh lowercase UUIDv7. IDs from one process strictly
// increase, even within a millisecond, because google/uuid spends the 12
// rand_a bits on a sub-millisecond sequence.
//
// It panics only if the operating system's random source fails, which
// crypto/rand already treats as fatal since Go 1.24; returning an error every
// caller must check for a failure that cannot be handled would be noise.
func New() string {
	id, err := uuid.NewV7()
	if err != nil {
		panic(fmt.Sprintf("identifier: generate UUIDv7: %v", err))
	}
	return id.String()
}

// Validate accepts only the canonical 36-character form (either case) of a
// version 7, RFC 9562 variant UUID. Braces, "urn:uuid:" and hyphen-less forms
// are rejected so that one ID has exactly one spelling in URLs and logs.
func Validate(id string) error {
	_, err := parse(id)
	return err
}

// Parse validates s and returns it lowercased, the form stored and compared.
func Parse(s string) (string, error) {
	if _, err := parse(s); err != nil {
		return "", err
	}
	return strings.ToLower(s), nil
}

// Timestamp returns the creation time embedded in id, in UTC, with the
// millisecond precision the format stores.
func Timestamp(id string) (time.Time, error) {
	u, err := parse(id)
	if err != nil {
		return time.Time{}, err
	}
	ms := int64(u[0])<<40 | int64(u[1])<<32 | int64(u[2])<<24 |
		int64(u[3])<<16 | int64(u[4])<<8 | int64(u[5])
	return time.UnixMilli(ms).UTC(), nil
}

func parse(s string) (uuid.UUID, error) {
	// uuid.Parse also accepts the 32, 38 and 45 character spellings; the
	// length check keeps only the canonical one.
	if len(s) != 36 {
		return uuid.UUID{}, fmt.Errorf("%w: want 36 characters, got %d", ErrInvalid, len(s))
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return uuid.UUID{}, fmt.Errorf("%w: %q is not a UUID", ErrInvalid, s)
	}
	if v := u.Version(); v != 7 {
		return uuid.UUID{}, fmt.Errorf("%w: %q is version %d", ErrInvalid, s, v)
	}
	if u.Variant() != uuid.RFC4122 {
		return uuid.UUID{}, fmt.Errorf("%w: %q has variant %s, want RFC 9562", ErrInvalid, s, u.Variant())
	}
	return u, nil
}
