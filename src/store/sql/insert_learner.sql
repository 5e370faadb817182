INSERT INTO learners (id, employee_id, display_name, department, created_at)
VALUES (:id, :employee_id, :display_name, :department, :created_at)
