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
