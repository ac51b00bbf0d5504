-- Uploaded files (internal/domain/files). Objects live in storage under key; these rows say
-- what each one is.

-- name: CreateFile :one
INSERT INTO files (id, key, content_type, size, sha256, original_name, owner_id, created_at)
VALUES (sqlc.arg(id), sqlc.arg(key), sqlc.arg(content_type), sqlc.arg(size), sqlc.arg(sha256), sqlc.arg(original_name), sqlc.narg(owner_id), sqlc.arg(created_at))
RETURNING *;

-- name: GetFile :one
SELECT * FROM files WHERE id = sqlc.arg(id);

-- name: DeleteFile :one
DELETE FROM files WHERE id = sqlc.arg(id) RETURNING key;
