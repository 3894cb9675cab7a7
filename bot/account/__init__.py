"""The user's own settings and files: follow-up preferences, language, time zone, CV."""
