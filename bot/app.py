"""The Application factory: the one place where Rete is wired together."""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.warnings import PTBUserWarning

from bot.clock import Clock, SystemClock
from bot.commands import command_menu
from bot.context import ReteApplication, ReteContext
from bot.events.day_of import sweep_event_days
from bot.followups.delivery import deliver_reminders
from bot.i18n import LANGUAGES, texts
from bot.jobposts.alert_dispatch import deliver_due_alerts
from bot.jobposts.digest_job import send_due_digests
from bot.persistence import DialogueData, SqlitePersistence
from bot.scheduler import schedule_sweeps
from bot.services import Services, Sweeper
from bot.settings import Settings

log = logging.getLogger(__name__)

# The periodic work, run in this order by the sweep job every REMINDER_SWEEP_SECONDS (and by
# tests and the sandbox after they move the clock).
SWEEPERS: tuple[Sweeper, ...] = (
    sweep_event_days,  # check in on a planned event's first day, out after its last
    deliver_reminders,  # follow-ups, keep-in-touch, event prep and summaries
    send_due_digests,  # job post digests of groups and channels
    deliver_due_alerts,  # personal job alerts, instant (should their job not run) and daily
)


# How long a request waits for Telegram (PTB's default is 5 s). A send that times out while
# Telegram is still working on it may have been delivered, and a retry then sends it twice:
# waiting longer makes that rare (bot/followups/delivery.py bounds what is left).
SEND_READ_TIMEOUT = 20.0
SEND_WRITE_TIMEOUT = 20.0


def build_application(
    settings: Settings,
    clock: Clock | None = None,
    *,
    persistence_interval: float = 2.0,
    rate_limiter: bool = True,
) -> ReteApplication:
    services = Services.create(settings, clock or SystemClock())
    persistence = SqlitePersistence(
        services.repos.db,
        services.clock,
        dialogue_timeout=timedelta(hours=settings.dialogue_timeout_hours),
        update_interval=persistence_interval,
    )
    builder = (
        ApplicationBuilder()
        .application_class(ReteApplication, kwargs={"services": services, "sweepers": SWEEPERS})
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.file_url)
        .read_timeout(SEND_READ_TIMEOUT)
        .write_timeout(SEND_WRITE_TIMEOUT)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=ZoneInfo(settings.default_timezone),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .context_types(ContextTypes(context=ReteContext, user_data=DialogueData))
        .persistence(persistence)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        # ConversationHandler needs updates in order: keep concurrent_updates off.
        .concurrent_updates(False)
    )
    if rate_limiter:
        # Retries a 429 once after waiting retry_after, instead of failing at the first one.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    app = cast(ReteApplication, builder.build())
    assert app.job_queue is not None
    # APScheduler drops a job that starts over a second late (a busy or loaded host), so a
    # "/digest now" would wait for the next sweep. Late jobs run; missed sweeps run once.
    app.job_queue.scheduler.configure(
        job_defaults={"misfire_grace_time": None, "coalesce": True},
        **app.job_queue.scheduler_configuration,
    )

    # The composition root is the one place bot/ reaches into handlers/ (imported late so
    # that handlers can import bot freely).
    from handlers import register_all

    # Dialogues that mix typed text and buttons use per_message=False on purpose (DESIGN.md);
    # PTB warns about exactly that when they are built. Only that warning is silenced.
    warnings.filterwarnings(
        "ignore",
        message=r"If 'per_message=False', 'CallbackQueryHandler' will not be tracked",
        category=PTBUserWarning,
    )
    register_all(app)
    persistence.watch_dialogue_ends(app)
    return app


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = cast(ReteApplication, application)
    await app.services.repos.db.open()
    await set_command_menus(app)
    schedule_sweeps(app)


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await cast(ReteApplication, application).services.repos.db.close()


async def set_command_menus(app: ReteApplication) -> None:
    """The command menu in each language; English is also the default for everyone else."""
    for language in LANGUAGES:
        await app.bot.set_my_commands(command_menu(texts(language)), language_code=language)
    await app.bot.set_my_commands(command_menu(texts("en")))
