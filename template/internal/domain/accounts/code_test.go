package accounts

import "testing"

// AUTH-7: codes are uniform over 000000–999999, leading zeros kept.
func TestCodesAreUniform(t *testing.T) {
	const n = 100_000
	var leading [10]int
	for range n {
		code, err := newCode()
		if err != nil {
			t.Fatalf("newCode: %v", err)
		}
		if len(code) != 6 {
			t.Fatalf("code %q is not 6 digits", code)
		}
		leading[code[0]-'0']++
	}
	for digit, count := range leading {
		share := float64(count) / n
		if share < 0.09 || share > 0.11 {
			t.Errorf("leading digit %d: %.2f%% of codes, want 10%% ± 1%%", digit, share*100)
		}
	}
}

func TestBaseUsername(t *testing.T) {
	tests := []struct{ email, want string }{
		{"jane@example.com", "jane"},
		{"Jane.Doe@example.com", "jane_doe"},
		{"jane--doe@example.com", "jane-doe"},
		{"_jane_@example.com", "jane"},
		{"j@example.com", "j_user"},
		{"12345@example.com", "12345"},
		{"+tag@example.com", "user"},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			if got := baseUsername(tt.email); got != tt.want {
				t.Fatalf("baseUsername(%q) = %q, want %q", tt.email, got, tt.want)
			}
		})
	}
}
