SELECT position, question_id, kind, choice_order, chosen, ending,
       correct, points, max_points, step_count, backs
FROM responses
WHERE attempt_id = :attempt_id
ORDER BY position
