-- Schema version 4: the lesson page each learner was on in each module, so a module
-- reopens where they left it. Erased with the learner.

CREATE TABLE lesson_pages (
    learner_id TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
    module_id  TEXT NOT NULL,
    page       INTEGER NOT NULL CHECK (page >= 0),
    PRIMARY KEY (learner_id, module_id)
) STRICT, WITHOUT ROWID;
