// Package viewctx carries what the layout needs to know about the request, such as who is
// signed in, from the HTTP middleware to the templates. The layout is rendered inside every
// page, so passing this as a parameter would thread it through each page's signature; the
// context already reaches every templ component. The views stay free of the auth and rbac
// packages: the middleware fills in plain values.
package viewctx

import "context"

// User is the signed-in user as the navigation shows them.
type User struct {
	Email       string
	DisplayName string
	// IsAdmin says the user may open the admin area (admin:access), so the nav links it.
	IsAdmin bool
}

// Name is what the navigation calls the user: their display name, or their email without one.
func (u User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Email
}

// userKey is unexported so no other package can read or overwrite the value.
type userKey struct{}

// WithUser returns a copy of ctx in which the views see u as the signed-in user.
func WithUser(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the signed-in user, or false for an anonymous request.
func UserFrom(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(userKey{}).(User)
	return u, ok
}
