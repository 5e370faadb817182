-- Schema version 3: what protects a learner's profile on a shared computer, and which
-- privacy notice they last read. One row per learner that has either; erased with them.

CREATE TABLE learner_access (
    learner_id   TEXT PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,
    pin          TEXT,                      -- Argon2id PHC string; never the PIN itself
    failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until TEXT,                      -- no try before this time after wrong tries
    pin_reset_at TEXT,                      -- a manager removed the PIN then; told once
    notice_seen  TEXT                       -- the privacy notice version last accepted
) STRICT;
