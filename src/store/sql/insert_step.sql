INSERT INTO scenario_steps (attempt_id, position, step, node_id, choice_id, points)
VALUES (:attempt_id, :position, :step, :node_id, :choice_id, :points)
