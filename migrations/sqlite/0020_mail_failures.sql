-- A message the mail server refused for good (an SMTP 5xx answer: no such mailbox, a rejected
-- address) is not tried again: when that was decided. It stays, with its last error, for the
-- back office (`espace mail failed`).
ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
