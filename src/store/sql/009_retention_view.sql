-- Schema version 9: the manager's retention view, and the learner's refresher nudge.
-- The retention view adds refresher answers up per module and days since the pass, and
-- per question; this index holds every column those two queries read, so they never
-- touch the answers' rows.
CREATE INDEX refresher_answers_recall
    ON refresher_answers (module_id, days_since_pass, question_id, correct, learner_id);

-- A learner's choice of a desktop notification when refreshers are due (off unless
-- turned on), and the local day of the last one, so it comes at most once a day.
CREATE TABLE refresher_nudges (
    learner_id TEXT PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    last_day   TEXT                        -- YYYY-MM-DD, the learner's local day
) STRICT, WITHOUT ROWID;
