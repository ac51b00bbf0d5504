-- Users (internal/auth/users). Emails are stored normalised (trimmed, lower case), so lookups
-- compare them as they are.

-- name: CreateUser :one
INSERT INTO users (id, email, email_verified_at, username, display_name, status, created_at, updated_at)
VALUES (sqlc.arg(id), sqlc.arg(email), sqlc.arg(email_verified_at), sqlc.arg(username), sqlc.arg(display_name), 'active', sqlc.arg(created_at), sqlc.arg(updated_at))
RETURNING *;

-- name: GetUser :one
SELECT * FROM users WHERE id = sqlc.arg(id);

-- name: GetUserByEmail :one
SELECT * FROM users WHERE email = sqlc.arg(email);

-- name: GetUserByPhone :one
SELECT * FROM users WHERE phone = sqlc.arg(phone);

-- name: CountUsersByUsername :one
SELECT COUNT(*) FROM users WHERE username = sqlc.arg(username);

-- name: ListUsers :many
SELECT * FROM users
WHERE email LIKE sqlc.arg(pattern) OR username LIKE sqlc.arg(pattern)
ORDER BY created_at, id
LIMIT CAST(sqlc.arg(row_limit) AS BIGINT) OFFSET CAST(sqlc.arg(row_offset) AS BIGINT);

-- name: CountUsers :one
SELECT COUNT(*) FROM users
WHERE email LIKE sqlc.arg(pattern) OR username LIKE sqlc.arg(pattern);

-- name: RecordUserLogin :exec
UPDATE users
SET last_login_at = sqlc.arg(now), email_verified_at = COALESCE(email_verified_at, sqlc.arg(email_verified_at)), updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id);

-- name: SetUserStatus :execrows
UPDATE users SET status = sqlc.arg(status), updated_at = sqlc.arg(now) WHERE id = sqlc.arg(id);

-- name: RevokeUserSessions :execrows
UPDATE users SET sessions_revoked_at = sqlc.arg(now), updated_at = sqlc.arg(now) WHERE id = sqlc.arg(id);

-- name: SetUserPhone :execrows
UPDATE users
SET phone = sqlc.arg(phone), phone_verified_at = sqlc.arg(phone_verified_at), updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id);

-- name: DeleteUser :execrows
DELETE FROM users WHERE id = sqlc.arg(id);
