-- Job groups and channels: the chats the bot is in, the job posts collected there (each
-- linked to one de-duplicated offer), group digest settings, personal alert rules, the
-- alert outbox and a cache of who is a member of which chat.

CREATE TABLE job_chats (
    id               INTEGER PRIMARY KEY,            -- Telegram chat id (the current one)
    type             TEXT NOT NULL CHECK (type IN ('group', 'supergroup', 'channel')),
    title            TEXT,
    username         TEXT,                           -- public chats: t.me/<username>
    bot_status       TEXT NOT NULL,                  -- member | administrator | left | kicked
    active           INTEGER NOT NULL DEFAULT 1,     -- 0 once the bot was removed: stop
    can_read         INTEGER NOT NULL DEFAULT 0,     -- admin, or privacy mode off (groups)
    added_by         INTEGER,                        -- Telegram user id (no users row needed)
    digest_enabled   INTEGER NOT NULL DEFAULT 0,
    digest_every     TEXT NOT NULL DEFAULT 'daily' CHECK (digest_every IN ('daily', 'weekly')),
    digest_weekday   INTEGER NOT NULL DEFAULT 0 CHECK (digest_weekday BETWEEN 0 AND 6),
    digest_time      TEXT NOT NULL DEFAULT '09:00',  -- HH:MM, local time of digest_timezone
    digest_timezone  TEXT NOT NULL DEFAULT 'Europe/Rome',
    digest_language  TEXT NOT NULL DEFAULT 'it' CHECK (digest_language IN ('it', 'en')),
    digest_group_by  TEXT NOT NULL DEFAULT 'role' CHECK (digest_group_by IN ('role', 'place')),
    digest_next_at   TEXT,                           -- UTC; NULL when off
    digest_requested INTEGER NOT NULL DEFAULT 0,     -- /digest now, waiting for the job
    digest_last_post INTEGER NOT NULL DEFAULT 0,     -- watermark: job_posts.id already digested
    digest_last_at   TEXT,
    created_at       TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at       TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX job_chats_digest_due ON job_chats(digest_next_at)
    WHERE active = 1 AND digest_enabled = 1;

-- A basic group upgraded to a supergroup: updates or sends to the old id find the new one.
CREATE TABLE job_chat_migrations (
    old_id INTEGER PRIMARY KEY,
    new_id INTEGER NOT NULL
);

-- One offer, however many times and places it was posted within 14 days.
CREATE TABLE job_offers (
    id           INTEGER PRIMARY KEY,
    fingerprint  TEXT NOT NULL,
    normalised   TEXT NOT NULL,                      -- for fuzzy matching of reposts
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL
);
CREATE INDEX job_offers_fingerprint ON job_offers(fingerprint, last_seen);
CREATE INDEX job_offers_last_seen ON job_offers(last_seen);

-- One row per place an offer was posted. AUTOINCREMENT: ids never come back after a delete,
-- so a digest watermark on the id is safe.
CREATE TABLE job_posts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL REFERENCES job_chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    message_id   INTEGER NOT NULL,
    offer_id     INTEGER NOT NULL REFERENCES job_offers(id) ON DELETE CASCADE,
    sender_id    INTEGER,                            -- not alerted about their own post
    text         TEXT NOT NULL,
    fields       TEXT NOT NULL,                      -- JSON of JobPostFields
    role         TEXT,                               -- copies of the fields a digest shows,
    company      TEXT,                               -- read without parsing JSON
    location     TEXT,
    work_mode    TEXT,
    fingerprint  TEXT NOT NULL,
    link         TEXT,                               -- NULL where Telegram has no link
    posted_at    TEXT NOT NULL,
    edited_at    TEXT,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX job_posts_chat ON job_posts(chat_id, id);
CREATE INDEX job_posts_offer ON job_posts(offer_id, chat_id);

CREATE TABLE job_alert_rules (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rule        TEXT NOT NULL,                       -- AlertRule.to_text()
    mode        TEXT NOT NULL CHECK (mode IN ('instant', 'daily')),
    created_at  TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (owner_id, rule)
);

-- Matches waiting to be delivered. One row per (user, post); the sender sends each offer
-- to a user once, and only from chats the user belongs to.
CREATE TABLE job_alert_outbox (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    post_id     INTEGER NOT NULL REFERENCES job_posts(id) ON DELETE CASCADE,
    offer_id    INTEGER NOT NULL REFERENCES job_offers(id) ON DELETE CASCADE,
    mode        TEXT NOT NULL CHECK (mode IN ('instant', 'daily')),
    rule        TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'not_member', 'duplicate', 'blocked')),
    done_at     TEXT,
    UNIQUE (owner_id, post_id)
);
CREATE INDEX job_alert_outbox_due ON job_alert_outbox(due_at) WHERE status = 'pending';
CREATE INDEX job_alert_outbox_offer ON job_alert_outbox(owner_id, offer_id, status);

-- getChatMember answers, reused for a while (they cost a request each).
CREATE TABLE job_memberships (
    chat_id     INTEGER NOT NULL REFERENCES job_chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id     INTEGER NOT NULL,
    is_member   INTEGER NOT NULL,
    checked_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
