-- The person's own profile (seed 002's member data sheet fields) and certificate validity.
ALTER TABLE persons ADD COLUMN mobile TEXT;
ALTER TABLE persons ADD COLUMN fax TEXT;
-- unix seconds; NULL when the issuer gave no end
ALTER TABLE certificates ADD COLUMN valid_until BIGINT;
