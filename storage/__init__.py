"""Storage: aiosqlite connection, migrations, one repository per aggregate; all SQL is here."""
