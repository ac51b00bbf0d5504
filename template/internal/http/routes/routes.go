// Package routes holds every path the app serves, as constants, with builders for the ones
// that take parameters. Handlers and templates use these instead of string literals, so a
// renamed route is a compile error rather than a broken link.
package routes

import "sort"

// All lists every registered "METHOD path" pair; a router test checks that the router and this
// list agree.
func All() []string {
	all := []string{
		"GET " + Healthz,
		"GET " + Readyz,
		"GET " + APIHealth,
		"GET " + Home,
		"GET " + About,
		"POST " + Counter,
		"GET " + Contact,
		"POST " + Contact,
		"GET " + AssetsPattern,
		"GET " + FilesPattern,
		"GET " + Login,
		"POST " + Login,
		"GET " + LoginVerify,
		"POST " + LoginVerify,
		"GET " + Magic,
		"POST " + Magic,
		"POST " + Logout,
		"GET " + OAuthStart,
		"GET " + OAuthCallback,
		"GET " + Account,
		"POST " + AccountUnlink,
		"POST " + AccountLogoutEverywhere,
		"POST " + AccountDelete,
		"POST " + AccountPhone,
		"POST " + AccountPhoneVerify,
		"GET " + Admin,
		"GET " + AdminUsers,
		"POST " + AdminUserGrantRole,
		"POST " + AdminUserRevokeRole,
		"POST " + AdminUserDisable,
		"POST " + AdminUserEnable,
		"POST " + AdminUserRevokeSessions,
		"POST " + AdminUserDelete,
		"GET " + AdminRoles,
		"POST " + AdminRoles,
		"POST " + AdminRoleDelete,
		"POST " + AdminRoleAddPermission,
		"POST " + AdminRoleRemovePermission,
		"GET " + AdminAudit,
		"GET " + AdminJobs,
		"POST " + AdminJobs,
		"POST " + AdminJobRedrive,
		// tracks:routes-list:start
		// tracks:routes-list:end
	}
	sort.Strings(all)
	return all
}
