-- How many members (of any status) an eSpace has, kept by the database itself: the Users tab's
-- total without reading every member row on every visit.
ALTER TABLE espaces ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE espaces SET member_count = (SELECT COUNT(*) FROM members m WHERE m.espace_id = espaces.id);
CREATE TRIGGER members_counted_in AFTER INSERT ON members
BEGIN UPDATE espaces SET member_count = member_count + 1 WHERE id = NEW.espace_id; END;
CREATE TRIGGER members_counted_out AFTER DELETE ON members
BEGIN UPDATE espaces SET member_count = member_count - 1 WHERE id = OLD.espace_id; END;
