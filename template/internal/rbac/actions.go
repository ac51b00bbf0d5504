package rbac

// ActCreate is the action of adding a record. The built-in permissions never need it; the
// resources generated behind a login (`tracks generate resource NAME --auth`) require it, with
// ActRead, ActUpdate and ActDelete, on an object of their own (internal/rbac/perm_<plural>.go).
const ActCreate = "create"
