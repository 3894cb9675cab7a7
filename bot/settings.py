"""Settings from the environment and `.env`, with the names DESIGN.md fixes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# BotFather tokens look like 123456789:AAH...; the part after the colon is 30+ url-safe chars.
_TOKEN_SHAPE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")

S = TypeVar("S", bound=BaseSettings)

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class StorageSettings(BaseSettings):
    """What the operator commands (backup) need: no token."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_path: Path = Path("rete.sqlite3")


class Settings(StorageSettings):
    telegram_bot_token: SecretStr
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str | None = None
    default_followup_days: int = Field(default=3, ge=1, le=60)
    default_timezone: str = "Europe/Rome"
    reminder_sweep_seconds: float = Field(default=60, gt=0, le=3600)
    # A dialogue left this long without an answer is closed at the user's next message.
    dialogue_timeout_hours: float = Field(default=24, gt=0, le=24 * 365)
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret_token: SecretStr | None = None
    log_level: LogLevel = "INFO"

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_SHAPE.match(value.get_secret_value().strip()):
            # Never echo the value: it is a secret even when malformed.
            raise ValueError("expected a BotFather token like 123456789:AA... (digits, colon, key)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_base_url", "telegram_base_file_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone such as Europe/Rome") from None
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _derive_file_url(self) -> Settings:
        if self.telegram_base_url is None:
            self.telegram_base_url = "https://api.telegram.org/bot"
        if not self.telegram_base_file_url:
            # https://api.telegram.org/bot -> https://api.telegram.org/file/bot
            base = self.telegram_base_url
            head, _, tail = base.rstrip("/").rpartition("/")
            self.telegram_base_file_url = f"{head}/file/{tail}"
        return self

    @property
    def file_url(self) -> str:
        assert self.telegram_base_file_url is not None  # set by _derive_file_url
        return self.telegram_base_file_url


class SettingsError(Exception):
    """Invalid configuration, with one readable line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError with one line per problem (no secrets echoed)."""
    return _load(Settings, overrides)


def load_storage_settings() -> StorageSettings:
    return _load(StorageSettings, {})


def _load(kind: type[S], overrides: dict[str, object]) -> S:
    try:
        return kind(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "SETTINGS"
            if error["type"] == "missing":
                message = "is required but not set"
                if name == "TELEGRAM_BOT_TOKEN":
                    message += " (get one from @BotFather, or try `rete sandbox` without one)"
            else:
                message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise SettingsError(problems) from None
