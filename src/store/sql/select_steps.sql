SELECT position, step, node_id, choice_id, points
FROM scenario_steps
WHERE attempt_id = :attempt_id
ORDER BY position, step
