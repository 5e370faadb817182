SELECT id, learner_id, module_id, revision, language, seed, mode,
       started_at, finished_at, duration_ms, score_raw, score_max, passed, item_count
FROM attempts
WHERE learner_id = :learner_id
ORDER BY finished_at, id
