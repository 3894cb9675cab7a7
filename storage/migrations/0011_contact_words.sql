-- /find's typo fallback: the folded words of every contact's name and company, per owner
-- (with how many of the owner's contacts use each), and for each word the keys a typo of it
-- shares (storage/vocabulary.py: its first four letters, and those four less one letter).
-- The fallback looks up a query word's keys by index, instead of reading the vocabulary.
CREATE TABLE contact_words (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    word     TEXT NOT NULL,
    uses     INTEGER NOT NULL,
    PRIMARY KEY (owner_id, word)
) WITHOUT ROWID;

CREATE TABLE contact_word_keys (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    word     TEXT NOT NULL,
    PRIMARY KEY (owner_id, key, word)
) WITHOUT ROWID;

CREATE TRIGGER contact_word_keys_insert AFTER INSERT ON contact_words BEGIN
    INSERT OR IGNORE INTO contact_word_keys(owner_id, key, word)
        SELECT new.owner_id, value, new.word FROM json_each(rete_word_keys(new.word));
END;

CREATE TRIGGER contact_word_keys_delete AFTER DELETE ON contact_words BEGIN
    DELETE FROM contact_word_keys
        WHERE owner_id = old.owner_id AND word = old.word
          AND key IN (SELECT value FROM json_each(rete_word_keys(old.word)));
END;

CREATE TRIGGER contact_words_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_words(owner_id, word, uses)
        SELECT new.owner_id, value, 1
        FROM json_each(rete_name_words(new.name, new.company)) WHERE 1
        ON CONFLICT(owner_id, word) DO UPDATE SET uses = uses + 1;
END;

CREATE TRIGGER contact_words_delete AFTER DELETE ON contacts BEGIN
    UPDATE contact_words SET uses = uses - 1
        WHERE owner_id = old.owner_id
          AND word IN (SELECT value FROM json_each(rete_name_words(old.name, old.company)));
    DELETE FROM contact_words
        WHERE owner_id = old.owner_id AND uses <= 0
          AND word IN (SELECT value FROM json_each(rete_name_words(old.name, old.company)));
END;

CREATE TRIGGER contact_words_update AFTER UPDATE OF name, company ON contacts BEGIN
    UPDATE contact_words SET uses = uses - 1
        WHERE owner_id = old.owner_id
          AND word IN (SELECT value FROM json_each(rete_name_words(old.name, old.company)));
    DELETE FROM contact_words
        WHERE owner_id = old.owner_id AND uses <= 0
          AND word IN (SELECT value FROM json_each(rete_name_words(old.name, old.company)));
    INSERT INTO contact_words(owner_id, word, uses)
        SELECT new.owner_id, value, 1
        FROM json_each(rete_name_words(new.name, new.company)) WHERE 1
        ON CONFLICT(owner_id, word) DO UPDATE SET uses = uses + 1;
END;

INSERT INTO contact_words(owner_id, word, uses)
    SELECT c.owner_id, w.value, count(*)
    FROM contacts c, json_each(rete_name_words(c.name, c.company)) w
    GROUP BY c.owner_id, w.value;
