package storage

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
)

// keyPattern is the whole alphabet of a key: lower case so two names never differ only in
// case (case-insensitive disks would merge them), and nothing a shell, URL or path would
// read specially.
var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9/._-]{0,511}$`)

// ValidateKey enforces the key rules every adapter shares, so a key that works on local disk
// works unchanged on S3 or R2, and none can leave its folder: lower-case letters, digits and
// / . _ -, at most 512 bytes, and no empty segment ("a//b", "a/") or one that starts with a
// dot ("..", ".", or the hidden files the local adapter keeps beside each object).
func ValidateKey(key string) error {
	if !keyPattern.MatchString(key) {
		return fmt.Errorf("%w: %q must be 1 to 512 of a-z 0-9 / . _ - starting with a letter or digit", ErrInvalidKey, key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return fmt.Errorf("%w: %q has an empty segment or one starting with a dot", ErrInvalidKey, key)
		}
	}
	return nil
}

// validatePrefix accepts what List takes: nothing (every object), or the start of a key,
// which may end with a slash ("uploads/2026/").
func validatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	if err := ValidateKey(strings.TrimSuffix(prefix, "/")); err != nil {
		return fmt.Errorf("prefix: %w", err)
	}
	return nil
}

// NewKey returns a fresh key for an upload: uploads/<yyyy>/<mm>/<uuidv7>.<ext>. The month
// folders keep listings and backups small, and a UUIDv7 sorts by time and is unguessable
// enough that a key never reveals or collides with another upload. ext is the extension
// without its dot ("png"), taken from the sniffed type rather than the uploaded name; an
// empty ext gives a key without one.
func NewKey(now time.Time, ext string) string {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 only fails when the system's random source does, which crypto/rand
		// treats as fatal too.
		panic(fmt.Sprintf("storage: new key: %v", err))
	}
	key := now.UTC().Format("uploads/2006/01/") + id.String()
	if ext = strings.ToLower(strings.TrimPrefix(ext, ".")); ext != "" {
		key += "." + ext
	}
	return key
}
