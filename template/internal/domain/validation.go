package domain

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/go-playground/validator/v10"
)

// decimalPattern is what a NUMERIC(12,2) column holds: up to 10 digits, then up to 2 decimals.
var decimalPattern = regexp.MustCompile(`^-?\d{1,10}(\.\d{1,2})?$`)

// NewValidator returns a validator whose errors name fields by their `form` tag, the name the
// browser sent, and which knows the `decimal` rule of generated resources.
func NewValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	// The rule is registered once here on a fresh validator, so it cannot collide.
	_ = v.RegisterValidation("decimal", func(fl validator.FieldLevel) bool {
		return decimalPattern.MatchString(fl.Field().String())
	})
	return v
}

// FieldErrorsOf turns the error of Validate.Struct into a message per field; any other error
// comes back unchanged, and nil stays nil.
func FieldErrorsOf(err error) error {
	var invalid validator.ValidationErrors
	if !errors.As(err, &invalid) {
		return err
	}
	out := make(FieldErrors, len(invalid))
	for _, fe := range invalid {
		out[fe.Field()] = message(fe)
	}
	return out
}

// message is the sentence a visitor sees for a failed rule.
func message(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "This field is required."
	case "max":
		return fmt.Sprintf("Use at most %s characters.", fe.Param())
	case "min":
		return fmt.Sprintf("Use at least %s characters.", fe.Param())
	case "email":
		return "Enter a valid email address."
	case "http_url", "url":
		return "Enter a valid http(s) address."
	case "uuid":
		return "Enter a valid UUID."
	case "json":
		return "Enter valid JSON."
	case "oneof":
		return "Choose one of: " + strings.ReplaceAll(fe.Param(), " ", ", ") + "."
	case "numeric", "number":
		return "Enter a number."
	case "decimal":
		return "Enter an amount with at most 2 decimals."
	case "datetime":
		return "Enter a valid date."
	default:
		return "This value is not valid."
	}
}
