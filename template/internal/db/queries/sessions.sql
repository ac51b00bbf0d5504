-- The session store (internal/session) over the sessions table of migration 00001. Tokens are
-- stored hashed (scs HashTokenInStore), so no row's token equals a cookie.

-- name: FindSession :one
SELECT data FROM sessions
WHERE token = sqlc.arg(token) AND expiry > sqlc.arg(now);

-- name: CommitSession :exec
INSERT INTO sessions (token, data, expiry)
VALUES (sqlc.arg(token), sqlc.arg(data), sqlc.arg(expiry))
ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE token = sqlc.arg(token);

-- name: ListSessions :many
SELECT token, data FROM sessions
WHERE expiry > sqlc.arg(now);

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expiry <= sqlc.arg(now);
