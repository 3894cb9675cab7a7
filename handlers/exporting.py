"""/export: everything the user has, as files in the chat.

contacts.csv (UTF-8 with BOM: Excel shows accents), contacts.vcf (vCard 3.0 for phones) and
a complete JSON (bot.porting.json_export). The CSV and vCard files can be sent back to
/import as they are.
"""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import CommandHandler, filters

from bot.context import ReteApplication, ReteContext
from bot.followups.policy import user_schedule
from bot.porting import export_csv, export_vcf, json_export


async def export(update: Update, context: ReteContext) -> None:
    message = update.effective_message
    assert message and context.profile
    t = context.texts
    services = context.services
    await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
    user_id = context.profile.id
    sections = await json_export.collect(services.repos, user_id)
    contacts = await services.repos.contacts.all_for_owner(user_id)
    drafts = [c.draft() for c in contacts]
    now = services.clock.now()
    # vobject takes a few seconds for thousands of cards: off the event loop.
    csv_data, vcf_data, json_data = await asyncio.gather(
        asyncio.to_thread(export_csv, drafts),
        asyncio.to_thread(export_vcf, drafts),
        asyncio.to_thread(json_export.render, sections, user_id=user_id, exported_at=now),
    )
    day = now.astimezone(user_schedule(context.profile).zone).date().isoformat()
    await message.reply_document(
        InputFile(csv_data, filename="contacts.csv"),
        caption=t._("Your contacts for Excel, Numbers or Google Sheets."),
    )
    if drafts:
        await message.reply_document(
            InputFile(vcf_data, filename="contacts.vcf"),
            caption=t._("Your contacts for your phone's address book."),
        )
    await message.reply_document(
        InputFile(json_data, filename=f"rete-{day}.json"),
        caption=t._(
            "Everything I keep about you: contacts, events, interactions, reminders and settings."
        ),
    )
    await message.reply_text(
        t.ngettext(
            "That's all your data: {n} contact. To bring contacts back, send /import and "
            "contacts.csv or contacts.vcf.",
            "That's all your data: {n} contacts. To bring them back, send /import and "
            "contacts.csv or contacts.vcf.",
            len(drafts),
        )
    )


def register(app: ReteApplication) -> None:
    app.add_handler(CommandHandler("export", export, filters=filters.ChatType.PRIVATE))
