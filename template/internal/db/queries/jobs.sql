-- Cron schedule runs (internal/jobs Scheduler). The first instance to insert a (name, slot_at)
-- row runs that slot; the others see 0 rows affected.

-- name: ClaimScheduleRun :execrows
INSERT INTO job_schedule_runs (name, slot_at, created_at)
VALUES (sqlc.arg(name), sqlc.arg(slot_at), sqlc.arg(created_at))
ON CONFLICT DO NOTHING;

-- name: DeleteScheduleRun :exec
DELETE FROM job_schedule_runs WHERE name = sqlc.arg(name) AND slot_at = sqlc.arg(slot_at);

-- name: LastScheduleRun :one
SELECT slot_at FROM job_schedule_runs
WHERE name = sqlc.arg(name)
ORDER BY slot_at DESC
LIMIT 1;

-- name: PruneScheduleRuns :execrows
DELETE FROM job_schedule_runs WHERE name = sqlc.arg(name) AND slot_at < sqlc.arg(before);
