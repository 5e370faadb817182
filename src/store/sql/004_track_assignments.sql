-- Schema version 4: tracks of modules assigned by managers to everyone or a department.

-- A track (from the course file) due for everyone (department '') or one department.
CREATE TABLE track_assignments (
    track_id   TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    due_on     TEXT NOT NULL,               -- YYYY-MM-DD
    PRIMARY KEY (track_id, department)
) STRICT;
