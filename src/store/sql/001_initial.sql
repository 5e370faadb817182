-- Schema version 1: learners, their attempts with every response, resume state, settings.
-- Timestamps are UTC, RFC 3339 text with milliseconds (2026-11-29T09:15:00.000Z).

CREATE TABLE learners (
    id           TEXT PRIMARY KEY,          -- opaque: a random UUID, never shown
    employee_id  TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    department   TEXT,
    created_at   TEXT NOT NULL
) STRICT;

-- A finished graded attempt. Written in one transaction with all its responses.
CREATE TABLE attempts (
    id          TEXT PRIMARY KEY,           -- UUID
    learner_id  TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    module_id   TEXT NOT NULL,
    revision    TEXT NOT NULL,              -- SHA-256 of the module file the learner saw
    language    TEXT NOT NULL,
    seed        INTEGER NOT NULL,           -- reproduces question and choice order
    mode        TEXT NOT NULL CHECK (mode IN ('graded', 'practice')),
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    score_raw   REAL NOT NULL,
    score_max   REAL NOT NULL,
    passed      INTEGER NOT NULL CHECK (passed IN (0, 1)),
    item_count  INTEGER NOT NULL            -- how many responses belong to it
) STRICT;
CREATE INDEX attempts_by_learner ON attempts (learner_id, module_id, finished_at);

CREATE TABLE responses (
    attempt_id  TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,           -- order asked, from 0
    question_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    choice_order TEXT NOT NULL,             -- JSON array of choice ids as shown
    chosen      TEXT NOT NULL,              -- JSON array of chosen choice ids
    ending      TEXT,                       -- scenario ending reached
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points      REAL NOT NULL,
    max_points  REAL NOT NULL,
    step_count  INTEGER NOT NULL,           -- scenario steps that belong to it
    backs       INTEGER NOT NULL DEFAULT 0, -- scenario back steps taken
    PRIMARY KEY (attempt_id, position)
) STRICT;

-- The path through a scenario, one row per choice taken.
CREATE TABLE scenario_steps (
    attempt_id TEXT NOT NULL,
    position   INTEGER NOT NULL,
    step       INTEGER NOT NULL,
    node_id    TEXT NOT NULL,
    choice_id  TEXT NOT NULL,
    points     INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, position, step),
    FOREIGN KEY (attempt_id, position) REFERENCES responses (attempt_id, position) ON DELETE CASCADE
) STRICT;

-- The attempt a learner has open on a module, saved after every answer.
CREATE TABLE open_attempts (
    learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    module_id  TEXT NOT NULL,
    attempt_id TEXT NOT NULL UNIQUE,
    mode       TEXT NOT NULL CHECK (mode IN ('graded', 'practice')),
    state      TEXT NOT NULL,               -- the engine's attempt, as JSON
    updated_at TEXT NOT NULL,
    PRIMARY KEY (learner_id, module_id)
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
