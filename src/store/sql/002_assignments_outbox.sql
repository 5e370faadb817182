-- Schema version 2: due dates set by managers, and the outbox of xAPI statements.

-- A due date for a module, for everyone (department '') or one department.
CREATE TABLE assignments (
    module_id  TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    due_on     TEXT NOT NULL,               -- YYYY-MM-DD
    PRIMARY KEY (module_id, department)
) STRICT;

-- xAPI statements waiting for (or accepted by) the organisation's LRS.
CREATE TABLE outbox (
    statement_id TEXT PRIMARY KEY,          -- UUID, stable per attempt and item
    attempt_id   TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    learner_id   TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    statement    TEXT NOT NULL,             -- JSON
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    tries        INTEGER NOT NULL DEFAULT 0,
    next_try_at  TEXT,
    last_error   TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (sent_at, created_at);
