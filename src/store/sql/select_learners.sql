SELECT id, employee_id, display_name, department, created_at
FROM learners
ORDER BY display_name COLLATE NOCASE, employee_id
