"""Settings: names from DESIGN.md, defaults, and one readable line per problem."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_BASE_URL",
        "TELEGRAM_BASE_FILE_URL",
        "DATABASE_PATH",
        "DEFAULT_FOLLOWUP_DAYS",
        "DEFAULT_TIMEZONE",
        "REMINDER_SWEEP_SECONDS",
        "WEBHOOK_URL",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]  # no stray .env


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.file_url == "https://api.telegram.org/file/bot"
    assert settings.default_followup_days == 3
    assert settings.default_timezone == "Europe/Rome"
    assert settings.webhook_url is None
    assert settings.log_level == "INFO"


def test_file_url_follows_a_custom_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    assert load_settings().file_url == "http://127.0.0.1:8081/file/bot"


def test_dotenv_file_is_read(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(".env", "w") as env:
        env.write(f"TELEGRAM_BOT_TOKEN={TOKEN}\nDEFAULT_FOLLOWUP_DAYS=5\nlog_level=debug\n")
    settings = load_settings()
    assert settings.default_followup_days == 5
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("env", "expected_line"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN: expected a BotFather token"),
        ({"DEFAULT_FOLLOWUP_DAYS": "zero"}, "DEFAULT_FOLLOWUP_DAYS: "),
        ({"DEFAULT_FOLLOWUP_DAYS": "0"}, "DEFAULT_FOLLOWUP_DAYS: "),
        ({"DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE: expected an IANA time zone"),
        ({"TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BASE_URL: expected an http"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL: "),
        ({"REMINDER_SWEEP_SECONDS": "-1"}, "REMINDER_SWEEP_SECONDS: "),
    ],
)
def test_each_problem_is_one_readable_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected_line: str
) -> None:
    for name, value in {"TELEGRAM_BOT_TOKEN": TOKEN, **env}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert any(line.startswith(expected_line) for line in caught.value.problems), (
        caught.value.problems
    )
    assert all("\n" not in line for line in caught.value.problems)


def test_missing_token_names_the_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert caught.value.problems[0].startswith("TELEGRAM_BOT_TOKEN: is required but not set")


def test_a_malformed_token_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "secret-value-that-is-wrong")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "secret-value-that-is-wrong" not in str(caught.value)
