SELECT learner_id, module_id, id, revision, language, started_at, finished_at,
       duration_ms, score_raw, score_max, passed
FROM attempts
WHERE mode = 'graded'
