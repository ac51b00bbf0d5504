package rbac

import "testing"

func TestValidRoleName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"editor", true},
		{"a1", true},
		{"team_lead-2", true},
		{"x", false},
		{"Editor", false},
		{"1editor", false},
		{"-editor", false},
		{"edi tor", false},
		{"abcdefghijklmnopqrstuvwxyzabcdef", true},
		{"abcdefghijklmnopqrstuvwxyzabcdefg", false},
		{"0190b5a4-0000-7000-8000-000000000000", false},
	}
	for _, tt := range tests {
		if got := ValidRoleName(tt.name); got != tt.want {
			t.Errorf("ValidRoleName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
