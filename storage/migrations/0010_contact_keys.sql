-- Saving from a dialogue is idempotent: the dialogue's key is stored with the contact it
-- created, so a Save replayed after a crash finds it instead of creating a twin.
ALTER TABLE contacts ADD COLUMN dialogue_key TEXT;
CREATE UNIQUE INDEX contacts_dialogue_key ON contacts(owner_id, dialogue_key)
    WHERE dialogue_key IS NOT NULL;

-- The ways to reach a contact, one row each, normalised (e-mails and usernames lower case,
-- phones as stored): duplicate checks look them up by index instead of reading every
-- contact's JSON arrays. Kept by triggers, so every writer keeps it right.
CREATE TABLE contact_handles (
    owner_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'telegram')),
    value      TEXT NOT NULL
);
CREATE INDEX contact_handles_lookup ON contact_handles(owner_id, kind, value);
CREATE INDEX contact_handles_contact ON contact_handles(contact_id);

CREATE TRIGGER contact_handles_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_handles(owner_id, contact_id, kind, value)
        SELECT new.owner_id, new.id, 'email', lower(value) FROM json_each(new.emails)
        UNION SELECT new.owner_id, new.id, 'phone', value FROM json_each(new.phones)
        UNION SELECT new.owner_id, new.id, 'telegram', lower(new.telegram_username)
              WHERE new.telegram_username IS NOT NULL AND new.telegram_username <> '';
END;

CREATE TRIGGER contact_handles_update
AFTER UPDATE OF emails, phones, telegram_username ON contacts BEGIN
    DELETE FROM contact_handles WHERE contact_id = old.id;
    INSERT INTO contact_handles(owner_id, contact_id, kind, value)
        SELECT new.owner_id, new.id, 'email', lower(value) FROM json_each(new.emails)
        UNION SELECT new.owner_id, new.id, 'phone', value FROM json_each(new.phones)
        UNION SELECT new.owner_id, new.id, 'telegram', lower(new.telegram_username)
              WHERE new.telegram_username IS NOT NULL AND new.telegram_username <> '';
END;

INSERT INTO contact_handles(owner_id, contact_id, kind, value)
    SELECT c.owner_id, c.id, 'email', lower(e.value) FROM contacts c, json_each(c.emails) e
    UNION SELECT c.owner_id, c.id, 'phone', p.value FROM contacts c, json_each(c.phones) p
    UNION SELECT owner_id, id, 'telegram', lower(telegram_username) FROM contacts
          WHERE telegram_username IS NOT NULL AND telegram_username <> '';

-- An event checked in to ahead of its first day is planned: the user is checked in on the
-- day (by the sweep, at their preferred time), not at once.
ALTER TABLE events ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_planned ON events(starts_on) WHERE planned = 1;
