INSERT INTO attempts (
    id, learner_id, module_id, revision, language, seed, mode,
    started_at, finished_at, duration_ms, score_raw, score_max, passed, item_count
) VALUES (
    :id, :learner_id, :module_id, :revision, :language, :seed, :mode,
    :started_at, :finished_at, :duration_ms, :score_raw, :score_max, :passed, :item_count
)
