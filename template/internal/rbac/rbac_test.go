package rbac

import (
	"strings"
	"testing"
)

// RBAC-1 and RBAC-3: direct, role and wildcard grants, and the seeded built-ins.
func TestEnforce(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	admin := f.user(t, "ada", RoleAdmin)
	plain := f.user(t, "uma", RoleUser)
	editor := f.user(t, "eve", RoleUser)
	direct := f.user(t, "dan")
	if err := f.svc.CreateRole(ctx, "test", "editor", "Edits posts"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"posts:*", "*:read"} {
		obj, act, _ := strings.Cut(p, ":")
		if err := f.svc.AddPermission(ctx, "test", "editor", obj, act); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.svc.GrantRole(ctx, "test", editor, "editor"); err != nil {
		t.Fatal(err)
	}
	// A rule for one user, without a role: the model allows it, nothing in the app writes it.
	if _, err := f.enf.AddPolicy(direct, "reports", ActRead); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		sub      string
		obj, act string
		want     bool
	}{
		{"admin may access the admin pages", admin, ObjAdmin, ActAccess, true},
		{"admin may read users", admin, ObjUsers, ActRead, true},
		{"admin may do what no rule names", admin, "invoices", "refund", true},
		{"user may read their account", plain, ObjAccount, ActRead, true},
		{"user may update their account", plain, ObjAccount, ActUpdate, true},
		{"user may not delete their account through RBAC", plain, ObjAccount, ActDelete, false},
		{"user may not read users", plain, ObjUsers, ActRead, false},
		{"user may not access the admin pages", plain, ObjAdmin, ActAccess, false},
		{"editor's wildcard action covers any action on posts", editor, "posts", "publish", true},
		{"editor's wildcard object covers read on anything", editor, ObjAudit, ActRead, true},
		{"editor's wildcards do not combine into delete elsewhere", editor, ObjUsers, ActDelete, false},
		{"editor keeps the user role", editor, ObjAccount, ActUpdate, true},
		{"direct rule grants its own pair", direct, "reports", ActRead, true},
		{"direct rule grants nothing else", direct, "reports", ActUpdate, false},
		{"user without roles may do nothing", direct, ObjAccount, ActRead, false},
		{"unknown subject may do nothing", "nobody", ObjAccount, ActRead, false},
		{"a role name is no wildcard subject", "*", ObjUsers, ActRead, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustEnforce(t, f.enf, tt.sub, tt.obj, tt.act); got != tt.want {
				t.Fatalf("Enforce(%s, %s, %s) = %v, want %v", tt.sub, tt.obj, tt.act, got, tt.want)
			}
		})
	}
}

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
