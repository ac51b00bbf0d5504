-- name: GetSetting :one
SELECT key, value, created_at, updated_at
FROM app_settings
WHERE key = sqlc.arg(key);

-- name: ListSettings :many
SELECT key, value, created_at, updated_at
FROM app_settings
ORDER BY key
LIMIT sqlc.arg(row_limit) OFFSET sqlc.arg(row_offset);

-- name: CountSettings :one
SELECT COUNT(*) FROM app_settings;

-- name: CreateSetting :one
INSERT INTO app_settings (key, value, updated_at)
VALUES (sqlc.arg(key), sqlc.arg(value), sqlc.arg(updated_at))
RETURNING key, value, created_at, updated_at;

-- name: UpdateSetting :one
UPDATE app_settings
SET value = sqlc.arg(value), updated_at = sqlc.arg(updated_at)
WHERE key = sqlc.arg(key)
RETURNING key, value, created_at, updated_at;

-- name: DeleteSetting :execrows
DELETE FROM app_settings WHERE key = sqlc.arg(key);
