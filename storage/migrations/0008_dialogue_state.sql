-- Dialogue state is loaded per user when they write, and expires after a time idle: each row
-- says whose it is and when it was last written. Rows already stored get a fresh start.
ALTER TABLE ptb_conversations ADD COLUMN user_id INTEGER;
ALTER TABLE ptb_conversations ADD COLUMN updated_at TEXT;
UPDATE ptb_conversations
   SET user_id = json_extract(key, '$[#-1]'), updated_at = datetime('now');
CREATE INDEX ptb_conversations_user ON ptb_conversations(user_id);

ALTER TABLE ptb_user_data ADD COLUMN updated_at TEXT;
UPDATE ptb_user_data SET updated_at = datetime('now');
