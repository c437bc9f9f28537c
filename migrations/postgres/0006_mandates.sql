-- What a mandate covers (seed 001 §6.7: procedures and/or the consultation of data); the
-- principal defines it. Meaningful for proxy codes only.
ALTER TABLE access_codes ADD COLUMN scope TEXT NOT NULL DEFAULT 'procedures_and_data';

-- Codes an eSpace asked the administration for (a principal changing its representative's
-- codes); an operator issues them from the back office and the letter goes by post.
CREATE TABLE code_requests (
    id                  TEXT PRIMARY KEY,
    espace_id           TEXT NOT NULL REFERENCES espaces(id),
    company_national_id TEXT NOT NULL,
    domain              TEXT NOT NULL,
    kind                TEXT NOT NULL,
    -- the code it replaces, revoked when asked
    replaces_code       TEXT REFERENCES access_codes(id),
    requested_at        BIGINT NOT NULL,
    -- the member's name, as it was then
    requested_by        TEXT NOT NULL,
    sent_at             BIGINT,
    sent_code           TEXT REFERENCES access_codes(id)
);
CREATE INDEX code_requests_espace ON code_requests(espace_id, requested_at);
CREATE INDEX code_requests_open ON code_requests(sent_at, requested_at);

-- Reminders sent before a mandate ends (30 and 7 days): the primary key makes sending each one
-- once hold however many app servers run the reminder task.
CREATE TABLE mandate_reminders (
    code_id     TEXT NOT NULL REFERENCES access_codes(id),
    days_before BIGINT NOT NULL,
    -- the end of use it was computed for: a new end date gets its own reminders
    end_of_use  BIGINT NOT NULL,
    sent_at     BIGINT NOT NULL,
    PRIMARY KEY (code_id, days_before, end_of_use)
);
