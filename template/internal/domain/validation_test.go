package domain

import (
	"errors"
	"testing"
)

type sample struct {
	Title  string `form:"title" validate:"required,max=5"`
	Price  string `form:"price" validate:"omitempty,decimal"`
	Status string `form:"status" validate:"required,oneof=draft published"`
	Site   string `form:"site" validate:"omitempty,http_url"`
}

func TestFieldErrorsOfNamesFormFieldsWithMessages(t *testing.T) {
	v := NewValidator()
	tests := []struct {
		name string
		in   sample
		want FieldErrors
	}{
		{"valid", sample{Title: "ok", Price: "9.99", Status: "draft", Site: "https://a.io"}, nil},
		{"missing", sample{Status: "draft"}, FieldErrors{"title": "This field is required."}},
		{"too long", sample{Title: "abcdef", Status: "draft"}, FieldErrors{"title": "Use at most 5 characters."}},
		{"three decimals", sample{Title: "a", Price: "1.234", Status: "draft"}, FieldErrors{"price": "Enter an amount with at most 2 decimals."}},
		{"not a choice", sample{Title: "a", Status: "gone"}, FieldErrors{"status": "Choose one of: draft, published."}},
		{"not http", sample{Title: "a", Status: "draft", Site: "javascript:alert(1)"}, FieldErrors{"site": "Enter a valid http(s) address."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := FieldErrorsOf(v.Struct(tt.in))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var got FieldErrors
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want field errors", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, msg := range tt.want {
				if got[k] != msg {
					t.Fatalf("%s: got %q, want %q", k, got[k], msg)
				}
			}
		})
	}
}

func TestFieldErrorsOfPassesOtherErrorsThrough(t *testing.T) {
	other := errors.New("boom")
	if got := FieldErrorsOf(other); got != other {
		t.Fatalf("got %v", got)
	}
}
