"""Account use-cases: the CV (never replaced without a yes) and the user's settings."""

from __future__ import annotations

from enum import StrEnum

import phonenumbers

from bot.clock import Clock
from bot.followups.settings_input import PreferredTime, zone_country
from bot.services import Repos
from storage.users import User


class Setting(StrEnum):
    DAYS = "days"  # default follow-up days
    TIME = "time"  # preferred time of reminders
    TIMEZONE = "tz"
    LANGUAGE = "lang"
    WEEKEND = "weekend"  # move weekend reminders to Monday (a toggle)


async def store_cv(repos: Repos, clock: Clock, user: User, file_id: str, name: str) -> User:
    """The current CV becomes this file (the caller has the user's yes when one existed)."""
    await repos.users.set_cv(user.id, file_id, name, clock.now())
    fresh = await repos.users.get(user.id)
    assert fresh is not None
    return fresh


async def change_setting(repos: Repos, user: User, setting: Setting, value: object) -> User:
    """Apply one validated setting; the user as stored afterwards."""
    users = repos.users
    if setting is Setting.DAYS:
        await users.update(user.id, followup_days=value)
    elif setting is Setting.TIME:
        assert isinstance(value, PreferredTime)
        await users.set_preferred_time(user.id, value.hour, value.minute)
    elif setting is Setting.TIMEZONE:
        # Local numbers typed from now on are read as numbers of the zone's country.
        region = zone_country(str(value))
        if region in phonenumbers.SUPPORTED_REGIONS:
            await users.update(user.id, timezone=value, phone_region=region)
        else:
            await users.update(user.id, timezone=value)
    elif setting is Setting.LANGUAGE:
        await users.update(user.id, language=value)
    else:
        await users.update(user.id, weekend_shift=int(not user.weekend_shift))
    fresh = await users.get(user.id)
    assert fresh is not None
    return fresh
