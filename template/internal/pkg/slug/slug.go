// Package slug makes short, URL-safe names: random ones for records without
// a title, readable ones derived from user text, and checked usernames.
package slug

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// MaxLen bounds Sanitize's output so a pasted paragraph cannot become a
// kilobyte-long URL segment.
const MaxLen = 64

// Generate returns 8 random characters from [0-9a-z]: about 41 bits, enough
// that guessing a valid slug is impractical while staying easy to read out.
func Generate() string { return random(8) }

// GenerateShort returns 6 random characters (about 31 bits), for links that
// are short-lived or also protected by authorisation.
func GenerateShort() string { return random(6) }

func random(n int) string {
	// 256 is not a multiple of 36, so mapping a byte with b%36 would favour
	// the first 4 characters. Bytes from 252 (7*36) up are discarded instead,
	// which keeps every character exactly equally likely.
	const limit = 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	var buf [32]byte
	for len(out) < n {
		// Since Go 1.24 crypto/rand.Read never returns an error; it crashes
		// the program if the OS cannot supply randomness.
		_, _ = rand.Read(buf[:])
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out = append(out, alphabet[int(b)%len(alphabet)])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}

// Sanitize turns arbitrary text into a slug: accents are folded away
// ("Café" becomes "cafe"), letters are lowercased, every run of other
// characters becomes a single "-", and the result is at most MaxLen bytes,
// cut at a word boundary when there is one. Text with nothing usable (only
// punctuation, or a script without a Latin form) yields Generate() so callers
// always get a valid slug. Callers that route by slug should still check
// Reserved.
func Sanitize(s string) string {
	// NFKD splits "é" into "e" plus a combining accent (and compatibility
	// forms such as "ﬁ" into "fi"); dropping the marks leaves plain letters.
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)))
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}

	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(folded) {
		word := foldLetter(r)
		if word == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(word)
	}
	slug := b.String()

	if len(slug) > MaxLen {
		// A hyphen right after the limit means the cut already falls
		// between words; otherwise back up to the last hyphen inside it.
		cut := slug[:MaxLen]
		if slug[MaxLen] != '-' {
			if i := strings.LastIndexByte(cut, '-'); i > 0 {
				cut = cut[:i]
			}
		}
		slug = strings.TrimRight(cut, "-")
	}
	if slug == "" {
		return Generate()
	}
	return slug
}

// foldLetter maps r to its slug spelling, or "" for a separator. A few Latin
// letters have no decomposition, so NFKD leaves them for this table.
func foldLetter(r rune) string {
	switch {
	case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		return string(r)
	}
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'đ', 'ð':
		return "d"
	case 'ł':
		return "l"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	}
	return ""
}

// Reserved reports whether s collides with a fixed route segment, e.g. a
// post slugged "new" would shadow /posts/new. Callers pick another slug
// (such as Generate()) instead.
func Reserved(s string) bool {
	switch strings.ToLower(s) {
	case "new", "edit", "index", "api",
		"assets", "static", "healthz", "readyz", "livez", "metrics",
		"login", "logout", "signup", "admin", "settings":
		return true
	}
	return false
}

// ErrInvalidUsername is wrapped by every ValidateUsername error.
var ErrInvalidUsername = errors.New("invalid username")

// ValidateUsername accepts 3 to 32 characters of [a-z0-9_-] with separators
// only between other characters and never two in a row, so usernames read
// cleanly in URLs and "john-doe" cannot be impersonated by "john--doe".
// Callers lowercase input first if they want case-insensitive names.
func ValidateUsername(s string) error {
	if len(s) < 3 || len(s) > 32 {
		return invalidUsername("must be 3 to 32 characters long")
	}
	prevSep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		sep := c == '-' || c == '_'
		switch {
		case sep && (i == 0 || i == len(s)-1):
			return invalidUsername("must not start or end with - or _")
		case sep && prevSep:
			return invalidUsername("must not contain two separators in a row")
		case !sep && !isLowerAlnum(c):
			return invalidUsername("may contain only lowercase letters, digits, - and _")
		}
		prevSep = sep
	}
	return nil
}

func isLowerAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

func invalidUsername(reason string) error {
	return fmt.Errorf("%w: %s", ErrInvalidUsername, reason)
}
