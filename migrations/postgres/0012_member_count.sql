-- How many members (of any status) an eSpace has, kept by the database itself: the Users tab's
-- total without reading every member row on every visit.
ALTER TABLE espaces ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE espaces SET member_count = (SELECT COUNT(*) FROM members m WHERE m.espace_id = espaces.id);
CREATE FUNCTION members_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE espaces SET member_count = member_count + 1 WHERE id = NEW.espace_id;
    ELSE
        UPDATE espaces SET member_count = member_count - 1 WHERE id = OLD.espace_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER members_counted_in AFTER INSERT ON members
FOR EACH ROW EXECUTE FUNCTION members_counted();
CREATE TRIGGER members_counted_out AFTER DELETE ON members
FOR EACH ROW EXECUTE FUNCTION members_counted();
