-- Job groups: admins' corrections, the "every post is an offer" mode of a chat, and an
-- inverted index of offers' words so that a repost's candidates are narrowed in SQL.

ALTER TABLE job_chats ADD COLUMN collect_mode TEXT NOT NULL DEFAULT 'classifier'
    CHECK (collect_mode IN ('classifier', 'all_posts'));

-- An admin's /job or /notjob on one message: it beats the classifier, now and on edits.
CREATE TABLE job_corrections (
    chat_id     INTEGER NOT NULL REFERENCES job_chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
    message_id  INTEGER NOT NULL,
    verdict     TEXT NOT NULL CHECK (verdict IN ('job', 'not_job')),
    by_user     INTEGER,                             -- Telegram user id; NULL after /forget
    at          TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- The distinct words of each offer (as normalised for matching) and, per word, how many
-- offers have it: a new post is compared only with the offers sharing its rarest words.
-- Offers written before this migration have no words: they are still found by fingerprint.
ALTER TABLE job_offers ADD COLUMN fields TEXT;  -- JSON fields of its first post (no re-extract)

CREATE TABLE job_offer_words (
    word      TEXT NOT NULL,
    offer_id  INTEGER NOT NULL,
    PRIMARY KEY (word, offer_id)
) WITHOUT ROWID;

CREATE TABLE job_word_counts (
    word    TEXT PRIMARY KEY,
    offers  INTEGER NOT NULL
) WITHOUT ROWID;
