INSERT INTO open_attempts (learner_id, module_id, attempt_id, mode, state, updated_at)
VALUES (:learner_id, :module_id, :attempt_id, :mode, :state, :updated_at)
ON CONFLICT (learner_id, module_id) DO UPDATE SET
    attempt_id = excluded.attempt_id,
    mode = excluded.mode,
    state = excluded.state,
    updated_at = excluded.updated_at
