-- Follow-ups: the preferred time keeps its minutes (09:30), not only the hour.
ALTER TABLE users ADD COLUMN preferred_minute INTEGER NOT NULL DEFAULT 0
    CHECK (preferred_minute BETWEEN 0 AND 59);
