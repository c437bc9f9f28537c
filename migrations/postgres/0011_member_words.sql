-- The words of members' names and email addresses (domain::member::search_words), for the
-- search of the Users tab: a word beginning with what was typed is found through the index,
-- however many members the eSpace has (a LIKE '%…%' read every one of them).
CREATE TABLE member_words (
    espace_id TEXT NOT NULL,
    -- compared byte by byte, as SQLite does: a prefix is a range of the index
    word      TEXT COLLATE "C" NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (espace_id, word, member_id)
);
CREATE INDEX member_words_member ON member_words(member_id);

-- Work a migration leaves to the app, which does it at its next start in one transaction with
-- removing the row: SQL alone cannot split names into words.
CREATE TABLE pending_tasks (
    task TEXT PRIMARY KEY
);
INSERT INTO pending_tasks (task) VALUES ('index_member_words');
