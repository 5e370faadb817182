-- Schema version 8: spaced refreshers. A learner's review queue (one row per question
-- with its FSRS memory state), and the refreshers they took: their own kind of attempt,
-- never a graded result, with one row per answer. All erased with the learner.

CREATE TABLE review_items (
    learner_id     TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    module_id      TEXT NOT NULL,
    question_id    TEXT NOT NULL,
    fingerprint    TEXT NOT NULL,           -- the question's content when last reviewed
    due            TEXT NOT NULL,
    stability      REAL NOT NULL,           -- FSRS: days until recall falls to 90%
    difficulty     REAL NOT NULL,           -- FSRS: 1 to 10
    reps           INTEGER NOT NULL,
    lapses         INTEGER NOT NULL,
    last_review    TEXT NOT NULL,
    elapsed_days   INTEGER NOT NULL,
    scheduled_days INTEGER NOT NULL,
    PRIMARY KEY (learner_id, module_id, question_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX review_items_due ON review_items (learner_id, due);

-- One refresher: a short run of due questions.
CREATE TABLE refreshers (
    id          TEXT PRIMARY KEY,           -- UUID
    learner_id  TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,              -- the last answer so far
    answered    INTEGER NOT NULL,
    right_count INTEGER NOT NULL
) STRICT;
CREATE INDEX refreshers_by_learner ON refreshers (learner_id, started_at);
CREATE INDEX refreshers_by_finish ON refreshers (finished_at, id);

CREATE TABLE refresher_answers (
    refresher_id TEXT NOT NULL REFERENCES refreshers (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,          -- order answered, from 0
    learner_id   TEXT NOT NULL,
    module_id    TEXT NOT NULL,
    revision     TEXT NOT NULL,             -- the module file the question came from
    question_id  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    choice_order TEXT NOT NULL,             -- JSON array
    chosen       TEXT NOT NULL,             -- JSON array
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points       REAL NOT NULL,
    max_points   REAL NOT NULL,
    recall       TEXT NOT NULL CHECK (recall IN ('forgot', 'partly', 'recalled')),
    answered_at  TEXT NOT NULL,
    -- whole days since the learner's latest pass of the module before this answer;
    -- NULL when they had not passed it
    days_since_pass INTEGER,
    next_due     TEXT NOT NULL,             -- when the question comes back after this answer
    PRIMARY KEY (refresher_id, position)
) STRICT;
CREATE INDEX refresher_answers_by_module ON refresher_answers (module_id, days_since_pass);
CREATE INDEX refresher_answers_by_learner ON refresher_answers (learner_id, answered_at);

-- xAPI statements about refresher answers waiting for (or accepted by) the LRS, beside
-- the outbox of graded attempts (whose rows name an attempt).
CREATE TABLE refresher_outbox (
    statement_id TEXT PRIMARY KEY,          -- UUID, stable per refresher and position
    refresher_id TEXT NOT NULL REFERENCES refreshers (id) ON DELETE CASCADE,
    learner_id   TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    statement    TEXT NOT NULL,             -- JSON
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    tries        INTEGER NOT NULL DEFAULT 0,
    next_try_at  TEXT,
    last_error   TEXT
) STRICT;
CREATE INDEX refresher_outbox_pending ON refresher_outbox (sent_at, created_at);
CREATE INDEX refresher_outbox_by_learner ON refresher_outbox (learner_id);
CREATE INDEX refresher_outbox_by_refresher ON refresher_outbox (refresher_id);
