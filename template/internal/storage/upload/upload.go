// Package upload receives multipart form uploads as a stream: each file part goes to a
// temporary file, capped in size, hashed and sniffed while it is copied, so an upload never
// sits in memory and a file that breaks the policy is gone before a handler sees it.
package upload

import (
	"errors"
	"net/url"
	"os"
)

// Errors of Receive. ErrTooLarge answers 413 and ErrUnsupportedType a 422 field error
// (UnsupportedTypeMessage); ErrMalformed is a 400.
var (
	ErrTooLarge        = errors.New("upload too large")
	ErrUnsupportedType = errors.New("upload type not allowed")
	ErrMalformed       = errors.New("malformed upload form")
)

// UnsupportedTypeMessage is the field error of a file whose content is not an allowed type.
const UnsupportedTypeMessage = "must be a PNG, JPEG, GIF, WebP or PDF"

// Policy limits what Receive accepts. MaxBytes caps each file; AllowedTypes are MIME types
// as http.DetectContentType names them ("image/png", "application/pdf").
type Policy struct {
	MaxBytes     int64
	AllowedTypes []string
}

// File is one received file part, waiting in a temporary file. ContentType and Ext come from
// the sniffed content, never from the client; Name is the client's file name, cleaned, for
// display only.
type File struct {
	Field       string
	Name        string
	ContentType string
	Ext         string
	SHA256      string // hex
	TempPath    string
	Size        int64
}

// Open opens the received bytes for reading.
func (f *File) Open() (*os.File, error) {
	return os.Open(f.TempPath)
}

// Form is a received form: its text values, and its files by field name (the first file of
// each field).
type Form struct {
	Values url.Values
	Files  map[string]*File
}

// Cleanup removes the temporary files. Call it (deferred) once the files are stored.
func (f *Form) Cleanup() {
	if f == nil {
		return
	}
	for _, file := range f.Files {
		_ = os.Remove(file.TempPath)
	}
}
