package identifier

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestNewIsMonotonic(t *testing.T) {
	prev := New()
	for range 10_000 {
		id := New()
		// Lowercase hex sorts like the bytes, so string order is ID order.
		if id <= prev {
			t.Fatalf("New() = %s after %s, want strictly increasing", id, prev)
		}
		prev = id
	}
}

func TestNewFormat(t *testing.T) {
	id := New()
	if err := Validate(id); err != nil {
		t.Fatalf("Validate(New()) = %v", err)
	}
	if id != strings.ToLower(id) {
		t.Errorf("New() = %s, want lowercase", id)
	}
	u := uuid.MustParse(id)
	if u.Version() != 7 {
		t.Errorf("version = %d, want 7", u.Version())
	}
	// Variant 10: the top two bits of byte 8.
	if u[8]>>6 != 0b10 {
		t.Errorf("variant bits = %02b, want 10", u[8]>>6)
	}
}

func TestTimestamp(t *testing.T) {
	before := time.Now()
	ts, err := Timestamp(New())
	if err != nil {
		t.Fatal(err)
	}
	if d := ts.Sub(before); d < -time.Second || d > time.Second {
		t.Errorf("Timestamp = %v, want within 1s of %v", ts, before)
	}
	if ts.Location() != time.UTC {
		t.Errorf("Timestamp location = %v, want UTC", ts.Location())
	}
	if ts.Nanosecond()%int(time.Millisecond) != 0 {
		t.Errorf("Timestamp = %v, want millisecond precision", ts)
	}

	// 0x017f22e279b0 ms is 2022-02-22T19:22:22Z, the RFC 9562 example.
	ts, err = Timestamp("017f22e2-79b0-7cc3-98c4-dc0c0c07398f")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2022, 2, 22, 19, 22, 22, 0, time.UTC); !ts.Equal(want) {
		t.Errorf("Timestamp = %v, want %v", ts, want)
	}

	if _, err := Timestamp("not-an-id"); !errors.Is(err, ErrInvalid) {
		t.Errorf("Timestamp(invalid) error = %v, want ErrInvalid", err)
	}
}

func TestValidateAndParse(t *testing.T) {
	const v7 = "017f22e2-79b0-7cc3-98c4-dc0c0c07398f"
	tests := []struct {
		name string
		in   string
		want string // Parse result; empty means invalid
	}{
		{"canonical", v7, v7},
		{"uppercase", strings.ToUpper(v7), v7},
		{"mixed case", "017F22E2-79b0-7cc3-98C4-dc0c0c07398f", v7},
		{"variant 8", "017f22e2-79b0-7cc3-88c4-dc0c0c07398f", "017f22e2-79b0-7cc3-88c4-dc0c0c07398f"},
		{"variant b", "017f22e2-79b0-7cc3-b8c4-dc0c0c07398f", "017f22e2-79b0-7cc3-b8c4-dc0c0c07398f"},
		{"v4", uuid.NewString(), ""},
		{"v4 fixed", "f47ac10b-58cc-4372-a567-0e02b2c3d479", ""},
		{"nil uuid", "00000000-0000-0000-0000-000000000000", ""},
		{"max uuid", "ffffffff-ffff-ffff-ffff-ffffffffffff", ""},
		{"variant 0", "017f22e2-79b0-7cc3-08c4-dc0c0c07398f", ""},
		{"variant 110", "017f22e2-79b0-7cc3-c8c4-dc0c0c07398f", ""},
		{"braces", "{" + v7 + "}", ""},
		{"urn", "urn:uuid:" + v7, ""},
		{"no hyphens", strings.ReplaceAll(v7, "-", ""), ""},
		{"hyphen moved", "017f22e279-b0-7cc3-98c4-dc0c0c07398f", ""},
		{"non-hex", "017f22e2-79b0-7cc3-98c4-dc0c0c07398g", ""},
		{"surrounding space", " " + v7[1:], ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.in)
			got, perr := Parse(tt.in)
			if tt.want == "" {
				if !errors.Is(err, ErrInvalid) || !errors.Is(perr, ErrInvalid) {
					t.Errorf("Validate(%q) = %v, Parse = %v; want ErrInvalid", tt.in, err, perr)
				}
				if got != "" {
					t.Errorf("Parse(%q) = %q on error, want empty", tt.in, got)
				}
				return
			}
			if err != nil || perr != nil {
				t.Fatalf("Validate(%q) = %v, Parse = %v; want nil", tt.in, err, perr)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
