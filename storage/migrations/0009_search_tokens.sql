-- The search index's tokenizer splits only where storage/search_index.py splits: every
-- category but separators (Z*) and controls (Cc) is part of a token. The words it receives
-- come from rete_owner_words, already split by Python; with unicode61's default categories
-- ("L* N* Co", from an older Unicode) some letters of Python's Unicode were separators, so
-- a word could split into a token outside its owner's part of the index (o<owner>_<word>).
-- Rebuilt from the contacts table; the triggers are those of 0005.

DROP TABLE contacts_fts_terms;
DROP TRIGGER contacts_fts_insert;
DROP TRIGGER contacts_fts_update;
DROP TRIGGER contacts_fts_delete;
DROP TRIGGER events_rename_fts;
DROP TABLE contacts_fts;

CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, company, role, met_where, event, notes, tags,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* M* N* P* S* Cf Cn Co Cs'"
);

INSERT INTO contacts_fts(rowid, name, company, role, met_where, event, notes, tags)
SELECT c.id,
       rete_owner_words(c.owner_id, c.name),
       rete_owner_words(c.owner_id, c.company),
       rete_owner_words(c.owner_id, c.role),
       rete_owner_words(c.owner_id, c.met_where),
       rete_owner_words(c.owner_id, e.name),
       rete_owner_words(c.owner_id, c.notes),
       rete_owner_words(c.owner_id, (SELECT group_concat(value, ' ') FROM json_each(c.tags)))
FROM contacts c LEFT JOIN events e ON e.id = c.event_id;

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts(rowid, name, company, role, met_where, event, notes, tags)
    VALUES (new.id,
            rete_owner_words(new.owner_id, new.name),
            rete_owner_words(new.owner_id, new.company),
            rete_owner_words(new.owner_id, new.role),
            rete_owner_words(new.owner_id, new.met_where),
            rete_owner_words(new.owner_id, (SELECT name FROM events WHERE id = new.event_id)),
            rete_owner_words(new.owner_id, new.notes),
            rete_owner_words(new.owner_id,
                             (SELECT group_concat(value, ' ') FROM json_each(new.tags))));
END;

-- Only the indexed columns re-index a contact: a stage or cadence change touches nothing.
CREATE TRIGGER contacts_fts_update
AFTER UPDATE OF owner_id, name, company, role, met_where, event_id, notes, tags ON contacts
BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts(rowid, name, company, role, met_where, event, notes, tags)
    VALUES (new.id,
            rete_owner_words(new.owner_id, new.name),
            rete_owner_words(new.owner_id, new.company),
            rete_owner_words(new.owner_id, new.role),
            rete_owner_words(new.owner_id, new.met_where),
            rete_owner_words(new.owner_id, (SELECT name FROM events WHERE id = new.event_id)),
            rete_owner_words(new.owner_id, new.notes),
            rete_owner_words(new.owner_id,
                             (SELECT group_concat(value, ' ') FROM json_each(new.tags))));
END;

CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;

-- A renamed event re-indexes its contacts (the event name is searchable with them).
CREATE TRIGGER events_rename_fts AFTER UPDATE OF name ON events BEGIN
    UPDATE contacts SET event_id = event_id WHERE event_id = new.id;
END;

-- The index's vocabulary by column: /find's typo fallback compares a user's distinct name
-- and company words (a range of terms), not every contact.
CREATE VIRTUAL TABLE contacts_fts_terms USING fts5vocab(contacts_fts, 'col');
