package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestFieldErrorsIsValidationAndListsFieldsInOrder(t *testing.T) {
	err := fmt.Errorf("create post: %w", FieldErrors{"title": "required", "body": "too long"})
	if !errors.Is(err, ErrValidation) {
		t.Fatal("FieldErrors does not match ErrValidation")
	}
	if errors.Is(err, ErrConflict) {
		t.Fatal("FieldErrors matches ErrConflict")
	}
	want := "create post: validation failed: body: too long; title: required"
	if err.Error() != want {
		t.Fatalf("Error() = %q, want %q", err.Error(), want)
	}
	var fields FieldErrors
	if !errors.As(err, &fields) || fields["title"] != "required" {
		t.Fatalf("errors.As lost the fields: %v", fields)
	}
}

func TestConflictErrorIsConflict(t *testing.T) {
	tests := []struct {
		err  *ConflictError
		want string
	}{
		{&ConflictError{Field: "slug"}, "conflict: slug is already taken"},
		{&ConflictError{}, "conflict"},
	}
	for _, tt := range tests {
		wrapped := fmt.Errorf("update: %w", tt.err)
		if !errors.Is(wrapped, ErrConflict) || errors.Is(wrapped, ErrValidation) {
			t.Fatalf("%v: wrong sentinel match", tt.err)
		}
		if tt.err.Error() != tt.want {
			t.Fatalf("Error() = %q, want %q", tt.err.Error(), tt.want)
		}
	}
}

func TestFieldErrorsAddKeepsTheFirstMessage(t *testing.T) {
	errs := FieldErrors{}
	errs.Add("views", "Enter a number.")
	errs.Add("views", "Must be at least 0.")
	errs.Add("price", "Must be at least 0.")
	if errs["views"] != "Enter a number." || errs["price"] != "Must be at least 0." || len(errs) != 2 {
		t.Fatalf("errs = %v", errs)
	}
}
