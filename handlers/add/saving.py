"""/add's last steps: the summary's buttons, Save, possible duplicates, and merging."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.contacts import actions
from bot.contacts import dialogue as dlg
from bot.contacts.actions import Gone, Merged, PossibleDuplicates, Saved
from bot.contacts.add_state import AddState, MergeState, Step
from bot.contacts.merging import Side
from bot.context import ReteContext
from handlers.add import view
from handlers.add.flow import ASKING, ask, drop, show
from handlers.common import expired, profile, send, user_today


async def on_button(
    update: Update, context: ReteContext, state: AddState, action: str, argument: int | None
) -> str | int:
    """A button of the summary, the duplicate offer or a merge question."""
    query = update.callback_query
    assert query
    step = state.step
    if step == Step.SUMMARY and action in ("save", "cancel", "fields", "edit"):
        await query.answer()
        if action == "save":
            return await save(update, context, state, check_duplicates=True)
        if action == "cancel":
            drop(context)
            await send(update, context, context.texts._("Cancelled: nothing was saved."))
            return ConversationHandler.END
        if action == "fields":
            text, markup = view.field_chooser(context.texts, state)
            return await show(update, context, state, text, markup)
        return await _edit_field(update, context, state)
    if step == Step.DUPLICATE and action in ("new", "back"):
        await query.answer()
        if action == "new":
            return await save(update, context, state, check_duplicates=False)
        dlg.go_back(state)
        return await ask(update, context, state)
    if step == Step.DUPLICATE and action == "merge" and argument in state.duplicates:
        assert argument is not None
        await query.answer()
        return await _start_merge(update, context, state, argument)
    if step == Step.MERGE and state.merge is not None and action in ("keep", "new", "back"):
        await query.answer()
        if action == "back":
            dlg.go_back(state)
            return await ask(update, context, state)
        state.merge.choices[state.merge.pending.pop(0)] = Side(action)
        return await _next_merge_question(update, context, state)
    await expired(update, context)
    return ASKING


async def _edit_field(update: Update, context: ReteContext, state: AddState) -> str:
    query = update.callback_query
    assert query and query.data
    wanted = query.data.split(":")[-1]
    if wanted in {s.value for s in dlg.editable(state)}:
        dlg.edit(state, Step(wanted))
    return await ask(update, context, state)


# ---- saving --------------------------------------------------------------------------------
async def save(
    update: Update, context: ReteContext, state: AddState, *, check_duplicates: bool
) -> str | int:
    services, user, t = context.services, profile(context), context.texts
    today = user_today(context)
    draft = state.to_draft()
    if draft.met_on is None:
        draft.met_on = today
    if state.contact_id is not None:
        edited = await actions.update_contact(services.repos, user, state.contact_id, draft)
        drop(context)
        if isinstance(edited, Gone):
            await send(update, context, t._("That contact no longer exists: nothing was saved."))
        else:
            await send(
                update, context, t._("Changes saved."), view.saved_buttons(t, edited.contact_id)
            )
        return ConversationHandler.END
    result = await actions.save_contact(
        services.repos,
        services.clock,
        user,
        draft,
        state.followup,
        dialogue_key=state.key,
        check_duplicates=check_duplicates,
    )
    if isinstance(result, PossibleDuplicates):
        state.duplicates = [contact.id for contact, _ in result.matches]
        state.step = Step.DUPLICATE
        text, markup = view.duplicates(t, result.matches)
        return await show(update, context, state, text, markup)
    assert isinstance(result, Saved)
    drop(context)
    await send(
        update,
        context,
        view.saved_text(t, result.name, result.followup, today=today),
        view.saved_buttons(t, result.contact_id),
    )
    return ConversationHandler.END


# ---- merging -------------------------------------------------------------------------------
async def _start_merge(
    update: Update, context: ReteContext, state: AddState, target_id: int
) -> str | int:
    preview = await actions.merge_preview(
        context.repos, profile(context), target_id, state.to_draft()
    )
    if preview is None:
        await send(update, context, context.texts._("That contact no longer exists."))
        state.step = Step.SUMMARY
        return await ask(update, context, state)
    state.merge = MergeState(target_id, [c.field for c in preview.conflicts])
    state.step = Step.MERGE
    return await _next_merge_question(update, context, state)


async def _next_merge_question(update: Update, context: ReteContext, state: AddState) -> str | int:
    """Ask about the next differing field, or merge when all are settled."""
    merge = state.merge
    assert merge is not None
    if not merge.pending:
        return await _merge(update, context, state, merge)
    preview = await actions.merge_preview(
        context.repos, profile(context), merge.target, state.to_draft()
    )
    conflict = (
        next((c for c in preview.conflicts if c.field == merge.pending[0]), None)
        if preview
        else None
    )
    if preview is None or conflict is None:  # changed meanwhile: nothing to ask
        merge.pending.pop(0) if merge.pending else None
        return await _next_merge_question(update, context, state)
    names = {e.id: e.name for e in await context.repos.events.recent(profile(context).id, limit=50)}
    text, markup = view.merge_question(
        context.texts, preview.target.name, conflict, today=user_today(context), event_names=names
    )
    return await show(update, context, state, text, markup)


async def _merge(update: Update, context: ReteContext, state: AddState, merge: MergeState) -> int:
    services, t = context.services, context.texts
    draft = state.to_draft()
    result = await actions.merge_contact(
        services.repos,
        services.clock,
        profile(context),
        merge.target,
        draft,
        state.followup,
        merge.choices,
    )
    drop(context)
    if isinstance(result, Gone):
        await send(update, context, t._("That contact no longer exists: nothing was saved."))
        return ConversationHandler.END
    assert isinstance(result, Merged)
    await send(
        update,
        context,
        view.merged_text(t, result, today=user_today(context)),
        view.saved_buttons(t, result.contact_id),
    )
    return ConversationHandler.END
