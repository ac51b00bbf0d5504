package viewctx

import "testing"

func TestUserFromReturnsWhatWithUserStored(t *testing.T) {
	if _, ok := UserFrom(t.Context()); ok {
		t.Fatal("an empty context has a user")
	}
	want := User{Email: "ada@example.com", DisplayName: "Ada", IsAdmin: true}
	got, ok := UserFrom(WithUser(t.Context(), want))
	if !ok || got != want {
		t.Fatalf("UserFrom = %+v, %v; want %+v, true", got, ok, want)
	}
}

func TestNameFallsBackToTheEmail(t *testing.T) {
	tests := []struct {
		name string
		user User
		want string
	}{
		{"display name first", User{Email: "ada@example.com", DisplayName: "Ada"}, "Ada"},
		{"email without a display name", User{Email: "ada@example.com"}, "ada@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.user.Name(); got != tt.want {
				t.Fatalf("Name() = %q, want %q", got, tt.want)
			}
		})
	}
}
