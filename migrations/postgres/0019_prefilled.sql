-- Where each pre-filled value of a procedure came from, by field: {"denomination": "register"}.
ALTER TABLE procedures ADD COLUMN prefilled TEXT NOT NULL DEFAULT '{}';
