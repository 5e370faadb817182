-- Schema version 7: the dashboard's figures read a bounded number of rows, however long
-- the history.
--
-- Version 4's `tallies` kept every figure per module, department and day of the latest
-- pass, so adding up a group's totals read a row per day with passes (26,565 rows at a
-- million attempts). They are replaced by:
--   group_tallies  one row per module × department: the pairs, how many have a pass,
--                  their counting scores and score bands (what does not change with time);
--   pass_days      pairs per module, department and UTC day of the latest pass;
--   pass_months    the same per month (`YYYY-MM`), so a window of validity (a year, say)
--                  is read as whole months and the days at its two ends (at most 12 + 62
--                  rows), never as a row per day of history.
-- The triggers keep all three exact in the transaction that changes `progress`, and move
-- the results generation as `tallies`' triggers did.

DROP TRIGGER progress_tallies_insert;
DROP TRIGGER progress_tallies_delete;
DROP TRIGGER progress_tallies_update;
DROP TABLE tallies;

CREATE TABLE group_tallies (
    module_id    TEXT NOT NULL,
    department   TEXT NOT NULL,             -- '' for learners without one
    pairs        INTEGER NOT NULL,          -- learners with a graded attempt on the module
    passed       INTEGER NOT NULL,          -- of them, with a pass
    score_tenths INTEGER NOT NULL,          -- the counting scores, added up
    band0 INTEGER NOT NULL, band1 INTEGER NOT NULL, band2 INTEGER NOT NULL,
    band3 INTEGER NOT NULL, band4 INTEGER NOT NULL, band5 INTEGER NOT NULL,
    band6 INTEGER NOT NULL, band7 INTEGER NOT NULL, band8 INTEGER NOT NULL,
    band9 INTEGER NOT NULL,                 -- counting scores 0–9.9, …, 90–100
    PRIMARY KEY (module_id, department)
) STRICT, WITHOUT ROWID;

CREATE TABLE pass_days (
    module_id  TEXT NOT NULL,
    department TEXT NOT NULL,
    pass_day   TEXT NOT NULL,               -- YYYY-MM-DD (UTC) of the latest pass
    pairs      INTEGER NOT NULL,
    PRIMARY KEY (module_id, department, pass_day)
) STRICT, WITHOUT ROWID;

CREATE TABLE pass_months (
    module_id  TEXT NOT NULL,
    department TEXT NOT NULL,
    pass_month TEXT NOT NULL,               -- YYYY-MM (UTC) of the latest pass
    pairs      INTEGER NOT NULL,
    PRIMARY KEY (module_id, department, pass_month)
) STRICT, WITHOUT ROWID;

-- ---- group_tallies, from progress --------------------------------------------------------

CREATE TRIGGER progress_groups_insert AFTER INSERT ON progress
BEGIN
    INSERT INTO group_tallies VALUES (
        new.module_id, new.department, 1, new.last_pass IS NOT NULL, new.score_tenths,
        min(new.score_tenths / 100, 9) = 0, min(new.score_tenths / 100, 9) = 1,
        min(new.score_tenths / 100, 9) = 2, min(new.score_tenths / 100, 9) = 3,
        min(new.score_tenths / 100, 9) = 4, min(new.score_tenths / 100, 9) = 5,
        min(new.score_tenths / 100, 9) = 6, min(new.score_tenths / 100, 9) = 7,
        min(new.score_tenths / 100, 9) = 8, min(new.score_tenths / 100, 9) = 9)
    ON CONFLICT (module_id, department) DO UPDATE SET
        pairs = pairs + 1, passed = passed + excluded.passed,
        score_tenths = score_tenths + excluded.score_tenths,
        band0 = band0 + excluded.band0, band1 = band1 + excluded.band1,
        band2 = band2 + excluded.band2, band3 = band3 + excluded.band3,
        band4 = band4 + excluded.band4, band5 = band5 + excluded.band5,
        band6 = band6 + excluded.band6, band7 = band7 + excluded.band7,
        band8 = band8 + excluded.band8, band9 = band9 + excluded.band9;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

CREATE TRIGGER progress_groups_delete AFTER DELETE ON progress
BEGIN
    UPDATE group_tallies SET
        pairs = pairs - 1, passed = passed - (old.last_pass IS NOT NULL),
        score_tenths = score_tenths - old.score_tenths,
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
    WHERE module_id = old.module_id AND department = old.department;
    DELETE FROM group_tallies
    WHERE module_id = old.module_id AND department = old.department AND pairs <= 0;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

-- A pair that stays in its group (every new attempt): one row changes in place.
CREATE TRIGGER progress_groups_update AFTER UPDATE ON progress
WHEN old.module_id = new.module_id AND old.department = new.department
BEGIN
    UPDATE group_tallies SET
        passed = passed - (old.last_pass IS NOT NULL) + (new.last_pass IS NOT NULL),
        score_tenths = score_tenths - old.score_tenths + new.score_tenths,
        band0 = band0 - (min(old.score_tenths / 100, 9) = 0) + (min(new.score_tenths / 100, 9) = 0),
        band1 = band1 - (min(old.score_tenths / 100, 9) = 1) + (min(new.score_tenths / 100, 9) = 1),
        band2 = band2 - (min(old.score_tenths / 100, 9) = 2) + (min(new.score_tenths / 100, 9) = 2),
        band3 = band3 - (min(old.score_tenths / 100, 9) = 3) + (min(new.score_tenths / 100, 9) = 3),
        band4 = band4 - (min(old.score_tenths / 100, 9) = 4) + (min(new.score_tenths / 100, 9) = 4),
        band5 = band5 - (min(old.score_tenths / 100, 9) = 5) + (min(new.score_tenths / 100, 9) = 5),
        band6 = band6 - (min(old.score_tenths / 100, 9) = 6) + (min(new.score_tenths / 100, 9) = 6),
        band7 = band7 - (min(old.score_tenths / 100, 9) = 7) + (min(new.score_tenths / 100, 9) = 7),
        band8 = band8 - (min(old.score_tenths / 100, 9) = 8) + (min(new.score_tenths / 100, 9) = 8),
        band9 = band9 - (min(old.score_tenths / 100, 9) = 9) + (min(new.score_tenths / 100, 9) = 9)
    WHERE module_id = new.module_id AND department = new.department;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

-- A pair moved to another group (its learner changed department): out of one, into the
-- other.
CREATE TRIGGER progress_groups_move AFTER UPDATE ON progress
WHEN old.module_id != new.module_id OR old.department != new.department
BEGIN
    UPDATE group_tallies SET
        pairs = pairs - 1, passed = passed - (old.last_pass IS NOT NULL),
        score_tenths = score_tenths - old.score_tenths,
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
    WHERE module_id = old.module_id AND department = old.department;
    DELETE FROM group_tallies
    WHERE module_id = old.module_id AND department = old.department AND pairs <= 0;
    INSERT INTO group_tallies VALUES (
        new.module_id, new.department, 1, new.last_pass IS NOT NULL, new.score_tenths,
        min(new.score_tenths / 100, 9) = 0, min(new.score_tenths / 100, 9) = 1,
        min(new.score_tenths / 100, 9) = 2, min(new.score_tenths / 100, 9) = 3,
        min(new.score_tenths / 100, 9) = 4, min(new.score_tenths / 100, 9) = 5,
        min(new.score_tenths / 100, 9) = 6, min(new.score_tenths / 100, 9) = 7,
        min(new.score_tenths / 100, 9) = 8, min(new.score_tenths / 100, 9) = 9)
    ON CONFLICT (module_id, department) DO UPDATE SET
        pairs = pairs + 1, passed = passed + excluded.passed,
        score_tenths = score_tenths + excluded.score_tenths,
        band0 = band0 + excluded.band0, band1 = band1 + excluded.band1,
        band2 = band2 + excluded.band2, band3 = band3 + excluded.band3,
        band4 = band4 + excluded.band4, band5 = band5 + excluded.band5,
        band6 = band6 + excluded.band6, band7 = band7 + excluded.band7,
        band8 = band8 + excluded.band8, band9 = band9 + excluded.band9;
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;

-- ---- pass_days and pass_months, from progress ----------------------------------------------

CREATE TRIGGER progress_passes_insert AFTER INSERT ON progress
WHEN new.last_pass IS NOT NULL
BEGIN
    INSERT INTO pass_days VALUES (new.module_id, new.department, substr(new.last_pass, 1, 10), 1)
    ON CONFLICT (module_id, department, pass_day) DO UPDATE SET pairs = pairs + 1;
    INSERT INTO pass_months VALUES (new.module_id, new.department, substr(new.last_pass, 1, 7), 1)
    ON CONFLICT (module_id, department, pass_month) DO UPDATE SET pairs = pairs + 1;
END;

CREATE TRIGGER progress_passes_delete AFTER DELETE ON progress
WHEN old.last_pass IS NOT NULL
BEGIN
    UPDATE pass_days SET pairs = pairs - 1
    WHERE module_id = old.module_id AND department = old.department
      AND pass_day = substr(old.last_pass, 1, 10);
    DELETE FROM pass_days
    WHERE module_id = old.module_id AND department = old.department
      AND pass_day = substr(old.last_pass, 1, 10) AND pairs <= 0;
    UPDATE pass_months SET pairs = pairs - 1
    WHERE module_id = old.module_id AND department = old.department
      AND pass_month = substr(old.last_pass, 1, 7);
    DELETE FROM pass_months
    WHERE module_id = old.module_id AND department = old.department
      AND pass_month = substr(old.last_pass, 1, 7) AND pairs <= 0;
END;

-- Only when the day of the latest pass or the group changes (not on every attempt).
CREATE TRIGGER progress_passes_update AFTER UPDATE ON progress
WHEN old.module_id != new.module_id OR old.department != new.department
     OR substr(old.last_pass, 1, 10) IS NOT substr(new.last_pass, 1, 10)
BEGIN
    UPDATE pass_days SET pairs = pairs - 1
    WHERE old.last_pass IS NOT NULL
      AND module_id = old.module_id AND department = old.department
      AND pass_day = substr(old.last_pass, 1, 10);
    DELETE FROM pass_days
    WHERE old.last_pass IS NOT NULL
      AND module_id = old.module_id AND department = old.department
      AND pass_day = substr(old.last_pass, 1, 10) AND pairs <= 0;
    UPDATE pass_months SET pairs = pairs - 1
    WHERE old.last_pass IS NOT NULL
      AND module_id = old.module_id AND department = old.department
      AND pass_month = substr(old.last_pass, 1, 7);
    DELETE FROM pass_months
    WHERE old.last_pass IS NOT NULL
      AND module_id = old.module_id AND department = old.department
      AND pass_month = substr(old.last_pass, 1, 7) AND pairs <= 0;
    INSERT INTO pass_days
    SELECT new.module_id, new.department, substr(new.last_pass, 1, 10), 1
    WHERE new.last_pass IS NOT NULL
    ON CONFLICT (module_id, department, pass_day) DO UPDATE SET pairs = pairs + 1;
    INSERT INTO pass_months
    SELECT new.module_id, new.department, substr(new.last_pass, 1, 7), 1
    WHERE new.last_pass IS NOT NULL
    ON CONFLICT (module_id, department, pass_month) DO UPDATE SET pairs = pairs + 1;
END;

-- ---- what is already stored ----------------------------------------------------------------

INSERT INTO group_tallies
SELECT module_id, department, count(*), count(last_pass), sum(score_tenths),
       sum(min(score_tenths / 100, 9) = 0), sum(min(score_tenths / 100, 9) = 1),
       sum(min(score_tenths / 100, 9) = 2), sum(min(score_tenths / 100, 9) = 3),
       sum(min(score_tenths / 100, 9) = 4), sum(min(score_tenths / 100, 9) = 5),
       sum(min(score_tenths / 100, 9) = 6), sum(min(score_tenths / 100, 9) = 7),
       sum(min(score_tenths / 100, 9) = 8), sum(min(score_tenths / 100, 9) = 9)
FROM progress GROUP BY module_id, department;

INSERT INTO pass_days
SELECT module_id, department, substr(last_pass, 1, 10), count(*)
FROM progress WHERE last_pass IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO pass_months
SELECT module_id, department, substr(last_pass, 1, 7), count(*)
FROM progress WHERE last_pass IS NOT NULL GROUP BY 1, 2, 3;
