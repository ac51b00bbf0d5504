// Package input reads what a client sends before any of it reaches a handler's logic: the rule
// for what counts as text, and the posted form, urlencoded or multipart alike.
//
// Not every byte sequence a browser can send is a string a database takes: PostgreSQL and
// libSQL refuse NUL and invalid UTF-8 in text, libSQL with an error that quotes the value.
// Checking once here, at the edge, turns that into a 400 or a field error instead of a 500.
package input

import (
	"strings"
	"unicode/utf8"
)

// InvalidTextMessage is the field error of a form value that is not text: a message key the
// view translates (see i18n.Text).
const InvalidTextMessage = "validation.invalid_text"

// IsText reports whether s is valid UTF-8 without NUL bytes, the text every driver stores as is.
func IsText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}
