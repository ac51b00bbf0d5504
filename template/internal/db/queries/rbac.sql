-- The Casbin policy (internal/rbac's adapter) and the roles it names. Policy changes are single
-- rows: nothing rewrites the table.

-- name: ListCasbinRules :many
SELECT id, ptype, v0, v1, v2, v3, v4, v5 FROM casbin_rule ORDER BY id;

-- name: InsertCasbinRule :exec
INSERT INTO casbin_rule (ptype, v0, v1, v2, v3, v4, v5)
VALUES (sqlc.arg(ptype), sqlc.arg(v0), sqlc.arg(v1), sqlc.arg(v2), sqlc.arg(v3), sqlc.arg(v4), sqlc.arg(v5))
ON CONFLICT DO NOTHING;

-- name: DeleteCasbinRule :execrows
DELETE FROM casbin_rule
WHERE ptype = sqlc.arg(ptype) AND v0 = sqlc.arg(v0) AND v1 = sqlc.arg(v1) AND v2 = sqlc.arg(v2)
  AND v3 = sqlc.arg(v3) AND v4 = sqlc.arg(v4) AND v5 = sqlc.arg(v5);

-- name: DeleteCasbinRuleByID :exec
DELETE FROM casbin_rule WHERE id = sqlc.arg(id);

-- name: ListRoles :many
SELECT * FROM roles ORDER BY name;

-- name: GetRole :one
SELECT * FROM roles WHERE name = sqlc.arg(name);

-- name: CreateRole :exec
INSERT INTO roles (name, description) VALUES (sqlc.arg(name), sqlc.arg(description));

-- name: DeleteRole :execrows
DELETE FROM roles WHERE name = sqlc.arg(name);

-- name: CountCasbinRule :one
SELECT COUNT(*) FROM casbin_rule
WHERE ptype = sqlc.arg(ptype) AND v0 = sqlc.arg(v0) AND v1 = sqlc.arg(v1) AND v2 = sqlc.arg(v2)
  AND v3 = sqlc.arg(v3) AND v4 = sqlc.arg(v4) AND v5 = sqlc.arg(v5);

-- name: DeleteUserRoleRules :execrows
DELETE FROM casbin_rule WHERE ptype = 'g' AND v0 = sqlc.arg(user_id);

-- name: DeleteRoleRules :execrows
DELETE FROM casbin_rule WHERE (ptype = 'p' AND v0 = sqlc.arg(role)) OR (ptype = 'g' AND v1 = sqlc.arg(role));

-- users.id is a UUID on PostgreSQL and text in casbin_rule, hence the cast.
-- name: CountActiveUsersWithRole :one
SELECT COUNT(*) FROM casbin_rule c JOIN users u ON CAST(u.id AS TEXT) = c.v0
WHERE c.ptype = 'g' AND c.v1 = sqlc.arg(role) AND u.status = 'active';

-- name: ListRoleMembers :many
SELECT u.id, u.email, u.status FROM casbin_rule c JOIN users u ON CAST(u.id AS TEXT) = c.v0
WHERE c.ptype = 'g' AND c.v1 = sqlc.arg(role)
ORDER BY u.email;

-- LockRole is a no-op update that takes the role's row lock, so two transactions that check
-- "is this the last admin?" run one after the other on PostgreSQL (SQLite's writer lock
-- already serialises them).
-- name: LockRole :execrows
UPDATE roles SET description = description WHERE name = sqlc.arg(name);

-- name: ListUserRoles :many
SELECT v1 FROM casbin_rule WHERE ptype = 'g' AND v0 = sqlc.arg(user_id) ORDER BY v1;
