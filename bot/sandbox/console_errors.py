"""The one error of the sandbox console."""


class ConsoleError(Exception):
    """A line the console cannot act on; the message says why, and the session goes on."""
