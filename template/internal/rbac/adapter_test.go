package rbac

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/casbin/casbin/v3/model"
)

// policy returns the p and g rules of a freshly loaded model, sorted, as "ptype,v0,v1,...".
// Resources generated with --auth grant admin their own permissions in their migrations
// ("p,admin,posts,read"); those rows belong to the resources, not to these tests, so admin's
// rules other than its wildcard are left out.
func policy(t *testing.T, a *Adapter) []string {
	t.Helper()
	m, err := model.NewModelFromString(modelConf)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LoadPolicyCtx(t.Context(), m); err != nil {
		t.Fatalf("load policy: %v", err)
	}
	var out []string
	for _, sec := range []string{"p", "g"} {
		rules, err := m.GetPolicy(sec, sec)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			if sec == "p" && r[0] == RoleAdmin && r[1] != Wildcard {
				continue
			}
			out = append(out, sec+","+strings.Join(r, ","))
		}
	}
	slices.Sort(out)
	return out
}

var seeded = []string{"p,admin,*,*", "p,user,account,read", "p,user,account,update"}

// Rules the batch cases add and remove.
var (
	userRead   = []string{"user", "account", "read"}
	editorAll  = []string{"editor", "posts", "*"}
	editorRead = []string{"editor", "posts", "read"}
	u1Editor   = []string{"u1", "editor"}
	u2Editor   = []string{"u2", "editor"}
	u2User     = []string{"u2", "user"}
)

// RBAC-2: every adapter operation, checked by loading the table again.
func TestAdapter(t *testing.T) {
	tests := []struct {
		name string
		do   func(a *Adapter) error
		want []string
	}{
		{"load gives the seeded policy", func(*Adapter) error { return nil }, seeded},
		{"add stores a rule", func(a *Adapter) error {
			return a.AddPolicy("g", "g", []string{"u1", "admin"})
		}, append([]string{"g,u1,admin"}, seeded...)},
		{"duplicate add is a no-op", func(a *Adapter) error {
			if err := a.AddPolicy("p", "p", []string{"user", "account", "read"}); err != nil {
				return err
			}
			return a.AddPolicies("p", "p", [][]string{userRead})
		}, seeded},
		{"remove deletes a rule", func(a *Adapter) error {
			return a.RemovePolicy("p", "p", []string{"user", "account", "update"})
		}, []string{"p,admin,*,*", "p,user,account,read"}},
		{"removing a missing rule is no error", func(a *Adapter) error {
			return a.RemovePolicy("p", "p", []string{"ghost", "x", "y"})
		}, seeded},
		{"batch add and remove", func(a *Adapter) error {
			if err := a.AddPolicies("p", "p", [][]string{editorAll, editorRead}); err != nil {
				return err
			}
			return a.RemovePolicies("p", "p", [][]string{editorRead, userRead})
		}, []string{"p,admin,*,*", "p,editor,posts,*", "p,user,account,update"}},
		{"filtered remove by subject", func(a *Adapter) error {
			return a.RemoveFilteredPolicy("p", "p", 0, "user")
		}, []string{"p,admin,*,*"}},
		{"filtered remove with a blank field matches any", func(a *Adapter) error {
			if err := a.AddPolicies("g", "g", [][]string{u1Editor, u2Editor, u2User}); err != nil {
				return err
			}
			return a.RemoveFilteredPolicy("g", "g", 0, "", "editor")
		}, append([]string{"g,u2,user"}, seeded...)},
		{"filtered remove leaves other ptypes", func(a *Adapter) error {
			if err := a.AddPolicy("g", "g", []string{"user", "x"}); err != nil {
				return err
			}
			return a.RemoveFilteredPolicy("p", "p", 0, "user")
		}, []string{"g,user,x", "p,admin,*,*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			a := NewAdapter(f.conn)
			if err := tt.do(a); err != nil {
				t.Fatal(err)
			}
			if got := policy(t, a); !slices.Equal(got, tt.want) {
				t.Fatalf("policy = %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestAdapterRefusesRewritesAndBadFilters(t *testing.T) {
	f := newFixture(t)
	a := NewAdapter(f.conn)
	if err := a.SavePolicy(f.enf.GetModel()); !errors.Is(err, ErrSavePolicy) {
		t.Fatalf("SavePolicy = %v, want ErrSavePolicy", err)
	}
	if err := f.enf.SavePolicy(); err == nil {
		t.Fatal("the enforcer's SavePolicy succeeded; it must not rewrite the table")
	}
	if err := a.RemoveFilteredPolicy("p", "p", 5, "a", "b"); err == nil {
		t.Fatal("a filter past v5 was accepted")
	}
	if err := a.AddPolicy("p", "p", []string{"1", "2", "3", "4", "5", "6", "7"}); err == nil {
		t.Fatal("a rule of 7 fields was accepted")
	}
	if got := policy(t, a); !slices.Equal(got, seeded) {
		t.Fatalf("policy = %v, want the seed untouched", got)
	}
}

// RBAC-2: what the enforcer holds after a reload equals what it held before.
func TestReloadGivesTheSamePolicy(t *testing.T) {
	f := newFixture(t)
	f.user(t, "ada", RoleAdmin)
	f.user(t, "uma", RoleUser)
	if err := f.svc.CreateRole(t.Context(), "test", "editor", ""); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.AddPermission(t.Context(), "test", "editor", "posts", "*"); err != nil {
		t.Fatal(err)
	}
	before := enforcerPolicy(t, f)
	if err := f.enf.LoadPolicy(); err != nil {
		t.Fatal(err)
	}
	if after := enforcerPolicy(t, f); !slices.Equal(before, after) {
		t.Fatalf("after reload %v\nbefore %v", after, before)
	}
	if got := policy(t, NewAdapter(f.conn)); !slices.Equal(got, before) {
		t.Fatalf("table %v\nmemory %v", got, before)
	}
}

func enforcerPolicy(t *testing.T, f *fixture) []string {
	t.Helper()
	p, err := f.enf.GetPolicy()
	if err != nil {
		t.Fatal(err)
	}
	g, err := f.enf.GetGroupingPolicy()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range p {
		out = append(out, "p,"+strings.Join(r, ","))
	}
	for _, r := range g {
		out = append(out, "g,"+strings.Join(r, ","))
	}
	slices.Sort(out)
	return out
}
