-- Core schema: users, events, contacts (+ FTS5), interactions, reminders, persistence.
-- Times are UTC text 'YYYY-MM-DD HH:MM:SS' (sortable); dates are 'YYYY-MM-DD'.

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,          -- Telegram user id
    language          TEXT CHECK (language IN ('it', 'en')),   -- chosen with /language
    telegram_language TEXT,                          -- last language_code Telegram sent
    timezone          TEXT NOT NULL DEFAULT 'Europe/Rome',
    followup_days     INTEGER NOT NULL DEFAULT 3 CHECK (followup_days BETWEEN 1 AND 60),
    preferred_hour    INTEGER NOT NULL DEFAULT 10 CHECK (preferred_hour BETWEEN 0 AND 23),
    weekend_shift     INTEGER NOT NULL DEFAULT 1,
    phone_region      TEXT NOT NULL DEFAULT 'IT',
    blocked           INTEGER NOT NULL DEFAULT 0,    -- the user blocked the bot (403)
    blocked_at        TEXT,
    current_event_id  INTEGER REFERENCES events(id) ON DELETE SET NULL,
    cv_file_id        TEXT,
    cv_file_name      TEXT,
    cv_uploaded_at    TEXT,
    created_at        TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at        TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    owner_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    place           TEXT,
    starts_on       TEXT,
    ends_on         TEXT,
    checked_in_at   TEXT,
    checked_out_at  TEXT,
    summary_sent_at TEXT,
    created_at      TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX events_owner ON events(owner_id, created_at);

CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    owner_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    company           TEXT,
    role              TEXT,
    met_on            TEXT,
    met_where         TEXT,
    event_id          INTEGER REFERENCES events(id) ON DELETE SET NULL,
    emails            TEXT NOT NULL DEFAULT '[]',   -- JSON array
    phones            TEXT NOT NULL DEFAULT '[]',   -- JSON array, E.164 where valid
    telegram_username TEXT,
    linkedin_url      TEXT,
    notes             TEXT,
    tags              TEXT NOT NULL DEFAULT '[]',   -- JSON array
    stage             TEXT NOT NULL DEFAULT 'met',
    cadence           TEXT NOT NULL DEFAULT 'none',
    source            TEXT,
    created_at        TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at        TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX contacts_owner_created ON contacts(owner_id, id DESC);
CREATE INDEX contacts_owner_event ON contacts(owner_id, event_id);
CREATE INDEX contacts_owner_username ON contacts(owner_id, telegram_username);

-- The search index keeps its own copy of the text (not external content) so that the event
-- name can be indexed with the contact. `owner` holds 'u<owner_id>' so a query can be scoped
-- inside FTS itself.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    owner, name, company, role, met_where, event, notes, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts(rowid, owner, name, company, role, met_where, event, notes, tags)
    VALUES (new.id, 'u' || new.owner_id, new.name, new.company, new.role, new.met_where,
            (SELECT name FROM events WHERE id = new.event_id), new.notes,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER contacts_fts_update AFTER UPDATE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts(rowid, owner, name, company, role, met_where, event, notes, tags)
    VALUES (new.id, 'u' || new.owner_id, new.name, new.company, new.role, new.met_where,
            (SELECT name FROM events WHERE id = new.event_id), new.notes,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
END;

CREATE TRIGGER events_rename_fts AFTER UPDATE OF name ON events BEGIN
    UPDATE contacts SET updated_at = updated_at WHERE event_id = new.id;
END;

CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('message', 'email', 'phone', 'in_person', 'note')),
    happened_at TEXT NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX interactions_contact ON interactions(contact_id, happened_at DESC);
CREATE INDEX interactions_owner ON interactions(owner_id);

CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    event_id    INTEGER REFERENCES events(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('followup', 'keep_in_touch', 'event_prep', 'event_summary')),
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'claimed', 'sent', 'done', 'skipped', 'cancelled')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    claimed_at  TEXT,
    sent_at     TEXT,
    message_id  INTEGER,
    last_error  TEXT,
    created_at  TEXT NOT NULL DEFAULT (datetime('now'))
);
-- The sweep reads only pending/claimed rows by due time: a partial index keeps that independent
-- of how many finished reminders pile up.
CREATE INDEX reminders_due ON reminders(due_at) WHERE status IN ('pending', 'claimed');
CREATE INDEX reminders_owner ON reminders(owner_id, status);
CREATE INDEX reminders_contact ON reminders(contact_id);

-- python-telegram-bot persistence (conversations, user/chat/bot data) as JSON.
CREATE TABLE ptb_conversations (
    name  TEXT NOT NULL,
    key   TEXT NOT NULL,       -- JSON array, e.g. [chat_id, user_id]
    state TEXT NOT NULL,       -- JSON
    PRIMARY KEY (name, key)
);
CREATE TABLE ptb_user_data (user_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE ptb_chat_data (chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE ptb_bot_data (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL);
