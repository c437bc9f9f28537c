-- Wrong access codes are also counted per person, across all their eSpaces, and for the whole
-- portal: creating eSpaces gave one person more guesses. Rows from before have no person.
ALTER TABLE code_attempts ADD COLUMN person_id TEXT;
CREATE INDEX code_attempts_person ON code_attempts(person_id, at);
CREATE INDEX code_attempts_at ON code_attempts(at);
