"""The Application and callback context types of Rete: services and the user's texts at hand."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.i18n import Texts, pick_language, texts
from bot.services import Repos, Services, Sweeper
from storage.users import User

Data = dict[str, Any]


class ReteApplication(Application[ExtBot[None], "ReteContext", Data, Data, Data, Any]):
    """PTB's Application carrying our services (settings, clock, database, repositories)
    and the periodic work the sweep job runs."""

    def __init__(self, *, services: Services, sweepers: Sequence[Sweeper], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.sweepers = tuple(sweepers)


class ReteContext(CallbackContext[ExtBot[None], Data, Data, Data]):
    """One per update (shared by every handler group) and one per job run."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.profile: User | None = None  # set for private-chat users by handlers.core
        self.language_hint: str | None = None  # Telegram's language_code of the sender

    @property
    def services(self) -> Services:
        return cast(ReteApplication, self.application).services

    @property
    def repos(self) -> Repos:
        return self.services.repos

    @property
    def language(self) -> str:
        saved = self.profile.language if self.profile else None
        return pick_language(saved, self.language_hint)

    @property
    def texts(self) -> Texts:
        return texts(self.language)

    @classmethod
    def from_update(
        cls, update: object, application: Application[Any, Any, Any, Any, Any, Any]
    ) -> ReteContext:
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user:
            context.language_hint = update.effective_user.language_code
        return context
