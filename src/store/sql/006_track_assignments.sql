-- Schema version 6: tracks of modules assigned by managers to everyone or a department.

-- A track (from the course file) due for everyone (department '') or one department.
CREATE TABLE track_assignments (
    track_id   TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    due_on     TEXT NOT NULL,               -- YYYY-MM-DD
    PRIMARY KEY (track_id, department)
) STRICT;

-- A track's due date changes who is overdue: the dashboard's figures are read again.
CREATE TRIGGER track_assignments_changes_insert AFTER INSERT ON track_assignments
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER track_assignments_changes_update AFTER UPDATE ON track_assignments
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
CREATE TRIGGER track_assignments_changes_delete AFTER DELETE ON track_assignments
BEGIN
    UPDATE changes SET generation = generation + 1 WHERE what = 'results';
END;
