package dberr

import (
	"errors"
	"fmt"
	"testing"
)

// pgError stands in for *pgconn.PgError: the classification only needs its SQLState method
// and message. The real drivers are exercised by the generated repository tests.
type pgError struct{ code, msg string }

func (e *pgError) Error() string    { return e.msg }
func (e *pgError) SQLState() string { return e.code }

func TestClassifiesBothDialects(t *testing.T) {
	tests := []struct {
		name         string
		err          error
		unique, fk   bool
		uniqueColumn string
	}{
		{"nil", nil, false, false, ""},
		{"other", errors.New("disk I/O error"), false, false, ""},
		{"sqlite unique", errors.New("UNIQUE constraint failed: posts.slug"), true, false, "slug"},
		{"sqlite fk", errors.New("FOREIGN KEY constraint failed"), false, true, ""},
		{"postgres unique", fmt.Errorf("create: %w", &pgError{"23505", `duplicate key value violates unique constraint "posts_slug_key"`}), true, false, "slug"},
		{"postgres fk", &pgError{"23503", "violates foreign key constraint"}, false, true, ""},
		{"postgres other code with a misleading message", &pgError{"42P01", "UNIQUE constraint failed: posts.slug"}, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsUnique(tt.err); got != tt.unique {
				t.Fatalf("IsUnique = %v", got)
			}
			if got := IsForeignKey(tt.err); got != tt.fk {
				t.Fatalf("IsForeignKey = %v", got)
			}
			if got := UniqueColumn(tt.err, "posts", "title", "slug"); got != tt.uniqueColumn {
				t.Fatalf("UniqueColumn = %q", got)
			}
		})
	}
}
