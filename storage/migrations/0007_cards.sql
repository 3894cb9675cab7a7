-- /card: each user's own card, the random tokens its QR links carry, and the exchanges
-- started by scanning one. Everything references users ON DELETE CASCADE: /forget takes it.

CREATE TABLE cards (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    role         TEXT,
    company      TEXT,
    email        TEXT,
    phone        TEXT,                 -- E.164
    linkedin_url TEXT,
    updated_at   TEXT NOT NULL
);

-- A token is random and says nothing about its owner; a revoked one is kept (revoked_at set)
-- so that an old QR gets "this card was replaced" rather than "unknown".
CREATE TABLE card_tokens (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE UNIQUE INDEX card_tokens_live ON card_tokens(user_id) WHERE revoked_at IS NULL;

-- The scanner saved the owner's card. The owner may ask for the scanner's details back;
-- they are given only when the scanner shares them (both steps, in either order).
CREATE TABLE card_exchanges (
    id                 INTEGER PRIMARY KEY,
    owner_id           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scanner_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scanner_contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    owner_contact_id   INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    owner_asked_at     TEXT,
    shared_at          TEXT,             -- the scanner agreed to give the owner their details
    shared_details     TEXT,             -- JSON: what they shared, saved when the owner asks
    created_at         TEXT NOT NULL,
    UNIQUE (owner_id, scanner_id)
);
CREATE INDEX card_exchanges_scanner ON card_exchanges(scanner_id);
