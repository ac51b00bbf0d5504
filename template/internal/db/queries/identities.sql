-- External accounts (GitHub, Google, OIDC) linked to users.

-- name: GetIdentity :one
SELECT * FROM user_identities WHERE provider = sqlc.arg(provider) AND subject = sqlc.arg(subject);

-- name: ListIdentitiesByUser :many
SELECT * FROM user_identities WHERE user_id = sqlc.arg(user_id) ORDER BY created_at, id;

-- name: CreateIdentity :one
INSERT INTO user_identities (id, user_id, provider, subject, email, created_at, updated_at)
VALUES (sqlc.arg(id), sqlc.arg(user_id), sqlc.arg(provider), sqlc.arg(subject), sqlc.arg(email), sqlc.arg(now), sqlc.arg(now))
RETURNING *;

-- name: DeleteIdentity :execrows
DELETE FROM user_identities WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id);

-- name: DeleteIdentitiesByUser :exec
DELETE FROM user_identities WHERE user_id = sqlc.arg(user_id);
