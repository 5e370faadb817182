INSERT INTO responses (
    attempt_id, position, question_id, kind, choice_order, chosen, ending,
    correct, points, max_points, step_count, backs
) VALUES (
    :attempt_id, :position, :question_id, :kind, :choice_order, :chosen, :ending,
    :correct, :points, :max_points, :step_count, :backs
)
