-- Schema version 4: what a store of a million attempts needs to answer at once.
--
-- Indexes for every query the dashboard, the exports, the LRS sender and the retention
-- purge run, and three summaries the triggers below keep exact on every write:
--   progress  one row per learner × module with graded attempts: what a completion row
--             needs (counts, times, the attempt that counts), so a report reads one row
--             per pair instead of every attempt;
--   tallies   per module, department and day of the latest pass: the pairs, their
--             scores and score bands, so the dashboard's figures read a few rows per day
--             of history instead of every pair;
--   unqueued  graded attempts with no statement in the outbox, so the LRS sender finds
--             them without comparing every attempt with the outbox;
--   outbox_tally  how many statements are pending, sent and rejected, so the sender's
--             status does not count a million rows each round.
-- And `changes`, a counter every change the dashboard depends on moves, so the window
-- reloads its figures only when they can differ.

CREATE INDEX attempts_by_finish ON attempts (finished_at, id);
CREATE INDEX outbox_by_attempt ON outbox (attempt_id);
CREATE INDEX outbox_by_learner ON outbox (learner_id);
CREATE INDEX learners_by_name ON learners (display_name COLLATE NOCASE, employee_id);
CREATE INDEX learners_by_department
    ON learners (department, display_name COLLATE NOCASE, employee_id);

CREATE TABLE progress (
    learner_id    TEXT NOT NULL,
    module_id     TEXT NOT NULL,
    department    TEXT NOT NULL,            -- the learner's, '' for none (for the figures)
    attempts      INTEGER NOT NULL,         -- finished graded attempts
    passes        INTEGER NOT NULL,
    first_started TEXT NOT NULL,
    last_finished TEXT NOT NULL,
    last_pass     TEXT,                     -- finish time of the latest pass
    counting_id   TEXT NOT NULL,            -- the latest pass, else the latest attempt
    score_tenths  INTEGER NOT NULL,         -- its score in tenths of a percent, 0–1000
    time_spent_ms INTEGER NOT NULL,         -- every attempt's duration, added up
    PRIMARY KEY (learner_id, module_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX progress_by_pass ON progress (module_id, department, last_pass);

CREATE TABLE tallies (
    module_id    TEXT NOT NULL,
    department   TEXT NOT NULL,             -- '' for learners without one
    pass_day     TEXT NOT NULL,             -- UTC day of the latest pass, '' for none
    pairs        INTEGER NOT NULL,
    score_tenths INTEGER NOT NULL,          -- the counting scores, added up
    band0 INTEGER NOT NULL, band1 INTEGER NOT NULL, band2 INTEGER NOT NULL,
    band3 INTEGER NOT NULL, band4 INTEGER NOT NULL, band5 INTEGER NOT NULL,
    band6 INTEGER NOT NULL, band7 INTEGER NOT NULL, band8 INTEGER NOT NULL,
    band9 INTEGER NOT NULL,                 -- counting scores 0–9.9, …, 90–100
    PRIMARY KEY (module_id, department, pass_day)
) STRICT, WITHOUT ROWID;

CREATE TABLE departments (
    department TEXT PRIMARY KEY,            -- '' for learners without one
    learners   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE unqueued (
    finished_at TEXT NOT NULL,
    attempt_id  TEXT NOT NULL,
    PRIMARY KEY (finished_at, attempt_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox_tally (
    state TEXT PRIMARY KEY CHECK (state IN ('pending', 'sent', 'rejected')),
    n     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO outbox_tally (state, n) VALUES ('pending', 0), ('sent', 0), ('rejected', 0);

CREATE TABLE changes (
    what       TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO changes (what, generation) VALUES ('results', 0);

-- ---- progress, from attempts -----------------------------------------------------------

CREATE TRIGGER attempts_progress_insert AFTER INSERT ON attempts WHEN new.mode = 'graded'
BEGIN
    INSERT INTO progress (learner_id, module_id, department, attempts, passes, first_started,
                          last_finished, last_pass, counting_id, score_tenths, time_spent_ms)
    VALUES (new.learner_id, new.module_id,
            coalesce((SELECT department FROM learners WHERE id = new.learner_id), ''),
            1, new.passed, new.started_at, new.finished_at,
            CASE WHEN new.passed THEN new.finished_at END,
            new.id,
            CASE WHEN new.score_max > 0
                 THEN CAST(round(new.score_raw / new.score_max * 100.0 * 10.0) AS INTEGER)
                 ELSE 0 END,
            new.duration_ms)
    ON CONFLICT (learner_id, module_id) DO UPDATE SET
        attempts = attempts + 1,
        passes = passes + excluded.passes,
        first_started = min(first_started, excluded.first_started),
        last_finished = max(last_finished, excluded.last_finished),
        -- A later pass counts over any earlier attempt; without a pass, the latest does.
        -- On a tie the attempt written later counts.
        counting_id = CASE
            WHEN excluded.last_pass IS NOT NULL
                 AND (last_pass IS NULL OR excluded.last_pass >= last_pass)
                THEN excluded.counting_id
            WHEN excluded.last_pass IS NULL AND last_pass IS NULL
                 AND excluded.last_finished >= last_finished
                THEN excluded.counting_id
            ELSE counting_id END,
        score_tenths = CASE
            WHEN excluded.last_pass IS NOT NULL
                 AND (last_pass IS NULL OR excluded.last_pass >= last_pass)
                THEN excluded.score_tenths
            WHEN excluded.last_pass IS NULL AND last_pass IS NULL
                 AND excluded.last_finished >= last_finished
                THEN excluded.score_tenths
            ELSE score_tenths END,
        last_pass = CASE
            WHEN excluded.last_pass IS NOT NULL
                 AND (last_pass IS NULL OR excluded.last_pass >= last_pass)
                THEN excluded.last_pass
            ELSE last_pass END,
        time_spent_ms = time_spent_ms + excluded.time_spent_ms;
END;

-- An attempt removed (retention, erasure): its pair is summed up again from what is left.
CREATE TRIGGER attempts_progress_delete AFTER DELETE ON attempts WHEN old.mode = 'graded'
BEGIN
    DELETE FROM progress WHERE learner_id = old.learner_id AND module_id = old.module_id;
    INSERT INTO progress (learner_id, module_id, department, attempts, passes, first_started,
                          last_finished, last_pass, counting_id, score_tenths, time_spent_ms)
    SELECT a.learner_id, a.module_id,
           coalesce((SELECT department FROM learners WHERE id = a.learner_id), ''),
           count(*), sum(a.passed), min(a.started_at), max(a.finished_at),
           max(CASE WHEN a.passed THEN a.finished_at END),
           c.id,
           CASE WHEN c.score_max > 0
                THEN CAST(round(c.score_raw / c.score_max * 100.0 * 10.0) AS INTEGER)
                ELSE 0 END,
           sum(a.duration_ms)
    FROM attempts a
    JOIN attempts c ON c.rowid = (
        SELECT rowid FROM attempts
        WHERE learner_id = old.learner_id AND module_id = old.module_id AND mode = 'graded'
        ORDER BY passed DESC, finished_at DESC, rowid DESC LIMIT 1)
    WHERE a.learner_id = old.learner_id AND a.module_id = old.module_id
      AND a.mode = 'graded'
    GROUP BY a.learner_id, a.module_id;
END;

CREATE TRIGGER learners_progress_department AFTER UPDATE OF department ON learners
WHEN new.department IS NOT old.department
BEGIN
    UPDATE progress SET department = coalesce(new.department, '') WHERE learner_id = new.id;
END;

-- ---- tallies, from progress ------------------------------------------------------------

CREATE TRIGGER progress_tallies_insert AFTER INSERT ON progress
BEGIN
    INSERT INTO tallies VALUES (
        new.module_id, new.department, coalesce(substr(new.last_pass, 1, 10), ''),
        1, new.score_tenths,
        min(new.score_tenths / 100, 9) = 0, min(new.score_tenths / 100, 9) = 1,
        min(new.score_tenths / 100, 9) = 2, min(new.score_tenths / 100, 9) = 3,
        min(new.score_tenths / 100, 9) = 4, min(new.score_tenths / 100, 9) = 5,
        min(new.score_tenths / 100, 9) = 6, min(new.score_tenths / 100, 9) = 7,
        min(new.score_tenths / 100, 9) = 8, min(new.score_tenths / 100, 9) = 9)
    ON CONFLICT (module_id, department, pass_day) DO UPDATE SET
        pairs = pairs + 1, score_tenths = score_tenths + excluded.score_tenths,
        band0 = band0 + excluded.band0, band1 = band1 + excluded.band1,
        band2 = band2 + excluded.band2, band3 = band3 + excluded.band3,
        band4 = band4 + excluded.band4, band5 = band5 + excluded.band5,
        band6 = band6 + excluded.band6, band7 = band7 + excluded.band7,
        band8 = band8 + excluded.band8, band9 = band9 + excluded.band9;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

CREATE TRIGGER progress_tallies_delete AFTER DELETE ON progress
BEGIN
    UPDATE tallies SET
        pairs = pairs - 1, score_tenths = score_tenths - old.score_tenths,
        band0 = band0 - (min(old.score_tenths / 100, 9) = 0),
        band1 = band1 - (min(old.score_tenths / 100, 9) = 1),
        band2 = band2 - (min(old.score_tenths / 100, 9) = 2),
        band3 = band3 - (min(old.score_tenths / 100, 9) = 3),
        band4 = band4 - (min(old.score_tenths / 100, 9) = 4),
        band5 = band5 - (min(old.score_tenths / 100, 9) = 5),
        band6 = band6 - (min(old.score_tenths / 100, 9) = 6),
        band7 = band7 - (min(old.score_tenths / 100, 9) = 7),
        band8 = band8 - (min(old.score_tenths / 100, 9) = 8),
        band9 = band9 - (min(old.score_tenths / 100, 9) = 9)
    WHERE module_id = old.module_id AND department = old.department
      AND pass_day = coalesce(substr(old.last_pass, 1, 10), '');
    DELETE FROM tallies
    WHERE module_id = old.module_id AND department = old.department
      AND pass_day = coalesce(substr(old.last_pass, 1, 10), '') AND pairs <= 0;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

CREATE TRIGGER progress_tallies_update AFTER UPDATE ON progress
BEGIN
    UPDATE tallies SET
        pairs = pairs - 1, score_tenths = score_tenths - old.score_tenths,
        band0 = band0 - (min(old.score_tenths / 100, 9) = 0),
        band1 = band1 - (min(old.score_tenths / 100, 9) = 1),
        band2 = band2 - (min(old.score_tenths / 100, 9) = 2),
        band3 = band3 - (min(old.score_tenths / 100, 9) = 3),
        band4 = band4 - (min(old.score_tenths / 100, 9) = 4),
        band5 = band5 - (min(old.score_tenths / 100, 9) = 5),
        band6 = band6 - (min(old.score_tenths / 100, 9) = 6),
        band7 = band7 - (min(old.score_tenths / 100, 9) = 7),
        band8 = band8 - (min(old.score_tenths / 100, 9) = 8),
        band9 = band9 - (min(old.score_tenths / 100, 9) = 9)
    WHERE module_id = old.module_id AND department = old.department
      AND pass_day = coalesce(substr(old.last_pass, 1, 10), '');
    DELETE FROM tallies
    WHERE module_id = old.module_id AND department = old.department
      AND pass_day = coalesce(substr(old.last_pass, 1, 10), '') AND pairs <= 0;
    INSERT INTO tallies VALUES (
        new.module_id, new.department, coalesce(substr(new.last_pass, 1, 10), ''),
        1, new.score_tenths,
        min(new.score_tenths / 100, 9) = 0, min(new.score_tenths / 100, 9) = 1,
        min(new.score_tenths / 100, 9) = 2, min(new.score_tenths / 100, 9) = 3,
        min(new.score_tenths / 100, 9) = 4, min(new.score_tenths / 100, 9) = 5,
        min(new.score_tenths / 100, 9) = 6, min(new.score_tenths / 100, 9) = 7,
        min(new.score_tenths / 100, 9) = 8, min(new.score_tenths / 100, 9) = 9)
    ON CONFLICT (module_id, department, pass_day) DO UPDATE SET
        pairs = pairs + 1, score_tenths = score_tenths + excluded.score_tenths,
        band0 = band0 + excluded.band0, band1 = band1 + excluded.band1,
        band2 = band2 + excluded.band2, band3 = band3 + excluded.band3,
        band4 = band4 + excluded.band4, band5 = band5 + excluded.band5,
        band6 = band6 + excluded.band6, band7 = band7 + excluded.band7,
        band8 = band8 + excluded.band8, band9 = band9 + excluded.band9;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

-- ---- departments, from learners --------------------------------------------------------

CREATE TRIGGER learners_departments_insert AFTER INSERT ON learners
BEGIN
    INSERT INTO departments VALUES (coalesce(new.department, ''), 1)
    ON CONFLICT (department) DO UPDATE SET learners = learners + 1;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

CREATE TRIGGER learners_departments_delete AFTER DELETE ON learners
BEGIN
    UPDATE departments SET learners = learners - 1
    WHERE department = coalesce(old.department, '');
    DELETE FROM departments WHERE department = coalesce(old.department, '') AND learners <= 0;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

CREATE TRIGGER learners_departments_update AFTER UPDATE ON learners
BEGIN
    UPDATE departments SET learners = learners - 1
    WHERE department = coalesce(old.department, '');
    DELETE FROM departments WHERE department = coalesce(old.department, '') AND learners <= 0;
    INSERT INTO departments VALUES (coalesce(new.department, ''), 1)
    ON CONFLICT (department) DO UPDATE SET learners = learners + 1;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

-- ---- what else the dashboard shows -----------------------------------------------------

CREATE TRIGGER open_attempts_changes_insert AFTER INSERT ON open_attempts
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER open_attempts_changes_update AFTER UPDATE ON open_attempts
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER open_attempts_changes_delete AFTER DELETE ON open_attempts
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER assignments_changes_insert AFTER INSERT ON assignments
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER assignments_changes_update AFTER UPDATE ON assignments
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER assignments_changes_delete AFTER DELETE ON assignments
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

-- ---- unqueued, from attempts and the outbox --------------------------------------------

CREATE TRIGGER attempts_unqueued_insert AFTER INSERT ON attempts WHEN new.mode = 'graded'
BEGIN
    INSERT OR IGNORE INTO unqueued (finished_at, attempt_id)
    SELECT new.finished_at, new.id
    WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE attempt_id = new.id);
END;

CREATE TRIGGER attempts_unqueued_delete AFTER DELETE ON attempts
BEGIN
    DELETE FROM unqueued WHERE finished_at = old.finished_at AND attempt_id = old.id;
END;

CREATE TRIGGER outbox_unqueued_insert AFTER INSERT ON outbox
BEGIN
    DELETE FROM unqueued
    WHERE attempt_id = new.attempt_id
      AND finished_at = (SELECT finished_at FROM attempts WHERE id = new.attempt_id);
END;

-- Statements forgotten before they were sent: their attempt waits for statements again.
CREATE TRIGGER outbox_unqueued_delete AFTER DELETE ON outbox
BEGIN
    INSERT OR IGNORE INTO unqueued (finished_at, attempt_id)
    SELECT a.finished_at, a.id FROM attempts a
    WHERE a.id = old.attempt_id AND a.mode = 'graded'
      AND NOT EXISTS (SELECT 1 FROM outbox WHERE attempt_id = old.attempt_id);
END;

-- ---- outbox_tally, from the outbox -----------------------------------------------------
-- A row is sent (`sent_at` set), rejected (an error and no next try) or pending.

CREATE TRIGGER outbox_tally_insert AFTER INSERT ON outbox
BEGIN
    UPDATE outbox_tally SET n = n + 1 WHERE state =
        CASE WHEN new.sent_at IS NOT NULL THEN 'sent'
             WHEN new.last_error IS NOT NULL AND new.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
END;

CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox
BEGIN
    UPDATE outbox_tally SET n = n - 1 WHERE state =
        CASE WHEN old.sent_at IS NOT NULL THEN 'sent'
             WHEN old.last_error IS NOT NULL AND old.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
END;

CREATE TRIGGER outbox_tally_update AFTER UPDATE OF sent_at, last_error, next_try_at ON outbox
BEGIN
    UPDATE outbox_tally SET n = n - 1 WHERE state =
        CASE WHEN old.sent_at IS NOT NULL THEN 'sent'
             WHEN old.last_error IS NOT NULL AND old.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
    UPDATE outbox_tally SET n = n + 1 WHERE state =
        CASE WHEN new.sent_at IS NOT NULL THEN 'sent'
             WHEN new.last_error IS NOT NULL AND new.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
END;

-- ---- what is already stored ------------------------------------------------------------

UPDATE outbox_tally SET n = (
    SELECT count(*) FROM outbox
    WHERE CASE WHEN sent_at IS NOT NULL THEN 'sent'
               WHEN last_error IS NOT NULL AND next_try_at IS NULL THEN 'rejected'
               ELSE 'pending' END = outbox_tally.state);

INSERT INTO departments (department, learners)
SELECT coalesce(department, ''), count(*) FROM learners GROUP BY 1;

INSERT INTO progress (learner_id, module_id, department, attempts, passes, first_started,
                      last_finished, last_pass, counting_id, score_tenths, time_spent_ms)
SELECT a.learner_id, a.module_id, coalesce(l.department, ''),
       count(*), sum(a.passed), min(a.started_at), max(a.finished_at),
       max(CASE WHEN a.passed THEN a.finished_at END),
       c.id,
       CASE WHEN c.score_max > 0
            THEN CAST(round(c.score_raw / c.score_max * 100.0 * 10.0) AS INTEGER)
            ELSE 0 END,
       sum(a.duration_ms)
FROM attempts a
JOIN learners l ON l.id = a.learner_id
JOIN attempts c ON c.rowid = (
    SELECT rowid FROM attempts
    WHERE learner_id = a.learner_id AND module_id = a.module_id AND mode = 'graded'
    ORDER BY passed DESC, finished_at DESC, rowid DESC LIMIT 1)
WHERE a.mode = 'graded'
GROUP BY a.learner_id, a.module_id;

INSERT INTO unqueued (finished_at, attempt_id)
SELECT finished_at, id FROM attempts a
WHERE mode = 'graded' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.attempt_id = a.id);
