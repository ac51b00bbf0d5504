-- Login codes and magic links in flight (internal/auth). Every state change is one
-- conditional UPDATE whose affected-row count says who won, so concurrent verifies of the same
-- code give exactly one session on every driver.

-- name: CreateChallenge :exec
INSERT INTO auth_challenges (id, channel, identifier, purpose, code_hash, token_hash, attempts, expires_at, ip, request_id, created_at)
VALUES (sqlc.arg(id), sqlc.arg(channel), sqlc.arg(identifier), sqlc.arg(purpose), sqlc.arg(code_hash), sqlc.arg(token_hash), 0, sqlc.arg(expires_at), sqlc.arg(ip), sqlc.arg(request_id), sqlc.arg(created_at));

-- name: ListRecentChallenges :many
SELECT created_at FROM auth_challenges
WHERE identifier = sqlc.arg(identifier) AND created_at > sqlc.arg(since)
ORDER BY created_at;

-- name: CountChallengesSince :one
SELECT COUNT(*) FROM auth_challenges
WHERE channel = sqlc.arg(channel) AND created_at > sqlc.arg(since);

-- name: ConsumeOpenChallenges :exec
UPDATE auth_challenges SET consumed_at = sqlc.arg(now)
WHERE identifier = sqlc.arg(identifier) AND purpose = sqlc.arg(purpose) AND consumed_at IS NULL;

-- name: GetOpenChallenge :one
SELECT * FROM auth_challenges
WHERE channel = sqlc.arg(channel) AND identifier = sqlc.arg(identifier) AND purpose = sqlc.arg(purpose)
  AND consumed_at IS NULL AND expires_at > sqlc.arg(now)
ORDER BY created_at DESC
LIMIT 1;

-- name: GetChallengeByTokenHash :one
SELECT * FROM auth_challenges WHERE token_hash = sqlc.arg(token_hash);

-- name: IncrementChallengeAttempts :one
UPDATE auth_challenges SET attempts = attempts + 1
WHERE id = sqlc.arg(id) AND consumed_at IS NULL
RETURNING attempts;

-- name: ConsumeChallenge :execrows
UPDATE auth_challenges SET consumed_at = sqlc.arg(now)
WHERE id = sqlc.arg(id) AND consumed_at IS NULL AND expires_at > sqlc.arg(now);

-- name: DeleteChallenge :exec
DELETE FROM auth_challenges WHERE id = sqlc.arg(id);

-- name: DeleteChallengesByIdentifier :exec
DELETE FROM auth_challenges WHERE identifier = sqlc.arg(identifier);

-- name: PurgeChallenges :execrows
DELETE FROM auth_challenges WHERE created_at < sqlc.arg(before);
