-- name: HealthCheck :one
-- Backs /readyz: a round trip to the database that touches no table.
SELECT CAST(1 AS BIGINT) AS ok;
