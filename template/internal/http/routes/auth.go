package routes

// Sign-in paths. Every path that changes state answers POST only: a GET must be safe to
// prefetch (mail scanners open magic links) and is never checked for CSRF.
const (
	// Login shows the sign-in form (GET) and sends a code and link (POST).
	Login = "/login"
	// LoginVerify shows the code form (GET) and checks the code (POST).
	LoginVerify = "/login/verify"
	// Magic shows a confirm page for an emailed link (GET) and signs in (POST).
	Magic = "/auth/magic"
	// OAuthStart sends the browser to a provider's sign-in page.
	OAuthStart = "/auth/oauth/{provider}"
	// OAuthCallback is where the provider sends the browser back.
	OAuthCallback = "/auth/oauth/{provider}/callback"
	// Logout ends the session (POST only).
	Logout = "/logout"

	// ParamProvider is an OAuth provider's name, such as "github".
	ParamProvider = "provider"
)

// The signed-in user's own account.
const (
	Account = "/account"
	// AccountUnlink removes one linked sign-in provider.
	AccountUnlink = "/account/identities/{identityID}/unlink"
	// AccountLogoutEverywhere ends every session of the user, this one included.
	AccountLogoutEverywhere = "/account/sessions/revoke"
	// AccountDelete deletes the user; the form must carry confirm=yes.
	AccountDelete = "/account/delete"
	// AccountPhone sends a code to a new phone number; AccountPhoneVerify checks it.
	AccountPhone       = "/account/phone"
	AccountPhoneVerify = "/account/phone/verify"

	// ParamIdentityID is the id of one of the user's linked identities.
	ParamIdentityID = "identityID"
)

// The admin area. Each action is a POST that answers htmx with the changed fragment and a plain
// form with a redirect back to the page (post/redirect/get).
const (
	Admin = "/admin"

	AdminUsers                = "/admin/users"
	AdminUserGrantRole        = "/admin/users/{userID}/roles"
	AdminUserRevokeRole       = "/admin/users/{userID}/roles/revoke"
	AdminUserDisable          = "/admin/users/{userID}/disable"
	AdminUserEnable           = "/admin/users/{userID}/enable"
	AdminUserRevokeSessions   = "/admin/users/{userID}/sessions/revoke"
	AdminUserDelete           = "/admin/users/{userID}/delete"
	AdminRoles                = "/admin/roles"
	AdminRoleDelete           = "/admin/roles/{role}/delete"
	AdminRoleAddPermission    = "/admin/roles/{role}/permissions"
	AdminRoleRemovePermission = "/admin/roles/{role}/permissions/remove"
	AdminAudit                = "/admin/audit"

	// ParamUserID is a user's id; ParamRole a role's name.
	ParamUserID = "userID"
	ParamRole   = "role"
)

// OAuthStartPath is where a "Continue with <provider>" button leads.
func OAuthStartPath(provider string) string {
	return Build(OAuthStart, ParamProvider, provider)
}

// OAuthCallbackPath is the path, after the base URL, of a provider's redirect URL.
func OAuthCallbackPath(provider string) string {
	return Build(OAuthCallback, ParamProvider, provider)
}

// AccountUnlinkPath unlinks one identity of the signed-in user.
func AccountUnlinkPath(identityID string) string {
	return Build(AccountUnlink, ParamIdentityID, identityID)
}

// AdminUserGrantRolePath grants a role to a user (form field "role").
func AdminUserGrantRolePath(userID string) string {
	return Build(AdminUserGrantRole, ParamUserID, userID)
}

// AdminUserRevokeRolePath revokes a role from a user (form field "role").
func AdminUserRevokeRolePath(userID string) string {
	return Build(AdminUserRevokeRole, ParamUserID, userID)
}

// AdminUserDisablePath disables a user, which signs them out on their next request.
func AdminUserDisablePath(userID string) string {
	return Build(AdminUserDisable, ParamUserID, userID)
}

// AdminUserEnablePath enables a disabled user.
func AdminUserEnablePath(userID string) string {
	return Build(AdminUserEnable, ParamUserID, userID)
}

// AdminUserRevokeSessionsPath signs a user out of every session.
func AdminUserRevokeSessionsPath(userID string) string {
	return Build(AdminUserRevokeSessions, ParamUserID, userID)
}

// AdminUserDeletePath deletes a user; their audit events stay.
func AdminUserDeletePath(userID string) string {
	return Build(AdminUserDelete, ParamUserID, userID)
}

// AdminRoleDeletePath deletes a role that is not built in.
func AdminRoleDeletePath(role string) string {
	return Build(AdminRoleDelete, ParamRole, role)
}

// AdminRoleAddPermissionPath adds a permission (form fields "obj" and "act") to a role.
func AdminRoleAddPermissionPath(role string) string {
	return Build(AdminRoleAddPermission, ParamRole, role)
}

// AdminRoleRemovePermissionPath removes a permission (form fields "obj" and "act") from a role.
func AdminRoleRemovePermissionPath(role string) string {
	return Build(AdminRoleRemovePermission, ParamRole, role)
}
