package input

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Errors of Form; Status turns them into the response status.
var (
	// ErrTooLarge is a body over the MaxBody middleware's limit, or a multipart body with more
	// parts or larger headers than net/http allows.
	ErrTooLarge = errors.New("form too large")
	// ErrMalformed is a body that is no form: a broken encoding, or a field name that is not text.
	ErrMalformed = errors.New("malformed form")
)

// maxMemory is how much of a multipart body is kept in memory before file parts spill to
// temporary files. The MaxBody middleware caps whole bodies far below it, so nothing spills.
const maxMemory = 32 << 20

// InvalidFieldsError names the fields whose values are not text (see IsText). Form returns it
// together with the other values, so the form can be shown again with a message next to each.
type InvalidFieldsError struct {
	Fields []string // sorted
}

func (e *InvalidFieldsError) Error() string {
	return "form fields that are not text: " + strings.Join(e.Fields, ", ")
}

// Messages returns InvalidTextMessage for each invalid field, keyed by its name: the shape of a
// form's field errors.
func (e *InvalidFieldsError) Messages() map[string]string {
	out := make(map[string]string, len(e.Fields))
	for _, name := range e.Fields {
		out[name] = InvalidTextMessage
	}
	return out
}

// Form reads the posted form, application/x-www-form-urlencoded or multipart/form-data (file
// parts are left out), and returns its values. Handlers call it rather than r.ParseForm, which
// silently ignores multipart bodies, so every form accepts both encodings.
//
// Values that are not text are left out of the result, which then comes with an
// *InvalidFieldsError naming their fields; nothing else about the request is wrong. Any other
// error wraps ErrTooLarge or ErrMalformed.
func Form(r *http.Request) (url.Values, error) {
	// ParseMultipartForm answers ErrNotMultipart for any other body, and would drop the
	// error of the ParseForm it runs first; so ParseForm runs on its own, first.
	err := r.ParseForm()
	if err == nil {
		if err = r.ParseMultipartForm(maxMemory); errors.Is(err, http.ErrNotMultipart) {
			err = nil
		}
	}
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) || errors.Is(err, multipart.ErrMessageTooLarge) {
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}

	values := make(url.Values, len(r.PostForm))
	var invalid []string
	for name, vs := range r.PostForm {
		if !IsText(name) {
			// No form of ours has such a field: this body was not sent by one.
			return nil, fmt.Errorf("%w: a field name is not text", ErrMalformed)
		}
		if !slices.ContainsFunc(vs, func(v string) bool { return !IsText(v) }) {
			values[name] = vs
			continue
		}
		invalid = append(invalid, name)
	}
	if invalid != nil {
		slices.Sort(invalid)
		return values, &InvalidFieldsError{Fields: invalid}
	}
	return values, nil
}

// Status is the HTTP status of an error from Form: 413 for ErrTooLarge, 422 for invalid
// fields, 400 for anything else.
func Status(err error) int {
	var invalid *InvalidFieldsError
	switch {
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &invalid):
		return http.StatusUnprocessableEntity
	default:
		return http.StatusBadRequest
	}
}
