"""Offline Telegram: the Bot API emulator, the sandbox REPL."""
