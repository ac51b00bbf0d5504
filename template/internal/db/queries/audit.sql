-- The audit trail (internal/audit). Rows are only ever inserted and, past the retention
-- period, purged.

-- name: CreateAuditEvent :exec
INSERT INTO audit_events (id, occurred_at, actor_id, ip, request_id, action, target_type, target_id, metadata)
VALUES (sqlc.arg(id), sqlc.arg(occurred_at), sqlc.arg(actor_id), sqlc.arg(ip), sqlc.arg(request_id), sqlc.arg(action), sqlc.arg(target_type), sqlc.arg(target_id), sqlc.arg(metadata));

-- name: ListAuditEvents :many
SELECT * FROM audit_events
WHERE action LIKE sqlc.arg(action_pattern) AND actor_id LIKE sqlc.arg(actor_pattern)
ORDER BY occurred_at DESC, id DESC
LIMIT CAST(sqlc.arg(row_limit) AS BIGINT) OFFSET CAST(sqlc.arg(row_offset) AS BIGINT);

-- name: CountAuditEvents :one
SELECT COUNT(*) FROM audit_events
WHERE action LIKE sqlc.arg(action_pattern) AND actor_id LIKE sqlc.arg(actor_pattern);

-- name: PurgeAuditEvents :execrows
DELETE FROM audit_events WHERE occurred_at < sqlc.arg(before);
