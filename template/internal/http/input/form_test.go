package input

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// multipartBody encodes fields, and one file part that Form must leave out.
func multipartBody(t *testing.T, fields [][2]string) (body, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	file, err := mw.CreateFormFile("attachment", "notes.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := file.Write([]byte("not a field")); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), mw.FormDataContentType()
}

func urlencoded(fields [][2]string) (body, contentType string) {
	values := url.Values{}
	for _, f := range fields {
		values.Add(f[0], f[1])
	}
	return values.Encode(), "application/x-www-form-urlencoded"
}

func TestForm(t *testing.T) {
	const limit = 1 << 10
	big := strings.Repeat("x", limit)
	type encoder func(t *testing.T, fields [][2]string) (string, string)
	encodings := map[string]encoder{
		"urlencoded": func(_ *testing.T, fields [][2]string) (string, string) { return urlencoded(fields) },
		"multipart":  multipartBody,
	}
	tests := []struct {
		name        string
		fields      [][2]string
		wantValues  url.Values
		wantInvalid []string
		wantStatus  int // of the error; 0 for none
	}{
		{"text fields", [][2]string{{"title", "Café"}, {"tags", "a"}, {"tags", "b"}}, url.Values{"title": {"Café"}, "tags": {"a", "b"}}, nil, 0},
		{"an empty value", [][2]string{{"title", ""}}, url.Values{"title": {""}}, nil, 0},
		{"NUL in a value", [][2]string{{"title", "a\x00b"}, {"body", "ok"}}, url.Values{"body": {"ok"}}, []string{"title"}, http.StatusUnprocessableEntity},
		{"invalid UTF-8 in values", [][2]string{{"title", "\xff\xfe"}, {"body", "ok"}, {"author", "x\xc3"}}, url.Values{"body": {"ok"}}, []string{"author", "title"}, http.StatusUnprocessableEntity},
		{"invalid UTF-8 in one of a field's values", [][2]string{{"tags", "a"}, {"tags", "\xff"}}, url.Values{}, []string{"tags"}, http.StatusUnprocessableEntity},
		{"a field name that is not text", [][2]string{{"ti\x00tle", "x"}}, nil, nil, http.StatusBadRequest},
		{"a body over the limit", [][2]string{{"body", big}}, nil, nil, http.StatusRequestEntityTooLarge},
	}
	for encoding, encode := range encodings {
		for _, tt := range tests {
			t.Run(encoding+"/"+tt.name, func(t *testing.T) {
				body, contentType := encode(t, tt.fields)
				r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/posts", strings.NewReader(body))
				r.Header.Set("Content-Type", contentType)
				r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)

				values, err := Form(r)
				if got := statusOrZero(err); got != tt.wantStatus {
					t.Fatalf("Form error %v has status %d, want %d", err, got, tt.wantStatus)
				}
				var invalid *InvalidFieldsError
				if errors.As(err, &invalid) != (tt.wantInvalid != nil) {
					t.Fatalf("Form error %v, want invalid fields %v", err, tt.wantInvalid)
				}
				if invalid != nil && !reflect.DeepEqual(invalid.Fields, tt.wantInvalid) {
					t.Fatalf("invalid fields %v, want %v", invalid.Fields, tt.wantInvalid)
				}
				if !reflect.DeepEqual(values, tt.wantValues) {
					t.Fatalf("values %v, want %v", values, tt.wantValues)
				}
			})
		}
	}
}

func statusOrZero(err error) int {
	if err == nil {
		return 0
	}
	return Status(err)
}

func TestFormRefusesABrokenBody(t *testing.T) {
	tests := []struct {
		name, contentType, body string
	}{
		{"multipart without a boundary", "multipart/form-data", "--x\r\n"},
		{"multipart cut short", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"},
		{"an unparsable content type", "multipart/form-data; boundary", ""},
		{"a urlencoded body with a broken escape", "application/x-www-form-urlencoded", "title=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/posts", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.contentType)
			_, err := Form(r)
			if !errors.Is(err, ErrMalformed) || Status(err) != http.StatusBadRequest {
				t.Fatalf("Form error %v, want ErrMalformed and 400", err)
			}
		})
	}
}

func TestFormIgnoresOtherBodies(t *testing.T) {
	r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/posts?page=2", strings.NewReader(`{"title":"x"}`))
	r.Header.Set("Content-Type", "application/json")
	values, err := Form(r)
	if err != nil || len(values) != 0 {
		t.Fatalf("Form = %v, %v; want no values and no error (the query is not the form)", values, err)
	}
}

func TestIsText(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", true},
		{"plain", true},
		{"café ☕ 😀", true},
		{"line\nbreak\ttab", true},
		{"nul\x00", false},
		{"\xff\xfe", false},
		{"truncated \xe2\x98", false},
		{"surrogate \xed\xa0\x80", false},
	}
	for _, tt := range tests {
		if got := IsText(tt.s); got != tt.want {
			t.Errorf("IsText(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestInvalidFieldsMessages(t *testing.T) {
	err := &InvalidFieldsError{Fields: []string{"body", "title"}}
	want := map[string]string{"body": InvalidTextMessage, "title": InvalidTextMessage}
	if got := err.Messages(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Messages() = %v, want %v", got, want)
	}
	if !strings.Contains(err.Error(), "body, title") {
		t.Fatalf("Error() = %q does not name the fields", err.Error())
	}
}
