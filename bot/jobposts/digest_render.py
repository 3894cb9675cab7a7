"""Digest and alert texts: stored posts turned into translated HTML lines.

Every line is self-contained HTML (tags open and close on it), so ``split_message`` can cut
between any two lines. User-provided values (roles, companies, chat titles) are escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bot.formatting import esc, link
from bot.i18n import N_, Texts
from bot.jobposts.digest import (
    OTHER_FAMILY,
    REMOTE_GROUP,
    UNKNOWN_PLACE_GROUP,
    DigestPost,
    PostFields,
    group_posts,
    split_message,
)
from bot.jobposts.extract import JobPostFields, WorkMode
from storage.job_alerts import NetworkContact
from storage.job_kinds import DigestGrouping
from storage.job_posts import DigestRow, Place

# A digest longer than this many posts ends with "…and N more": a group reading 300 lines
# (a dozen messages at 20 a minute) is spam, not a digest.
MAX_DIGEST_POSTS = 100

FAMILY_NAMES: dict[str, str] = {
    "data": N_("Data and AI"),
    "design": N_("Design"),
    "hr": N_("HR and recruiting"),
    "marketing_sales": N_("Marketing and sales"),
    "admin_finance": N_("Administration and finance"),
    "engineering": N_("Engineering and IT"),
    OTHER_FAMILY: N_("Other roles"),
}
PLACE_NAMES: dict[str, str] = {
    REMOTE_GROUP: N_("Remote"),
    UNKNOWN_PLACE_GROUP: N_("Place not stated"),
}


_WORK_MODES: dict[str | None, WorkMode] = {mode.value: mode for mode in WorkMode}


@dataclass(slots=True)
class OfferPost(DigestPost):
    """One offer in a digest: its first post here, and every place it can be opened."""

    places: tuple[Place, ...] = ()


class RowFields(NamedTuple):
    """The stored copies of the fields a digest line shows (cheaper than JobPostFields)."""

    role: str | None
    company: str | None
    location: str | None
    work_mode: WorkMode | None


def offers_from_rows(rows: Iterable[DigestRow], extra: Iterable[Place] = ()) -> list[OfferPost]:
    """One OfferPost per offer (rows come oldest first: the first row represents it).

    Links to this chat's own posts are places with chat id 0 (labelled "post", not a title).
    """
    first: dict[int, DigestRow] = {}
    reposts: dict[int, list[Place]] = {}
    for row in rows:
        if row.offer_id in first:
            reposts.setdefault(row.offer_id, []).append(Place(row.offer_id, 0, None, row.link))
        else:
            first[row.offer_id] = row
    for place in extra:
        if place.offer_id in first:
            reposts.setdefault(place.offer_id, []).append(place)
    modes = _WORK_MODES
    return [
        OfferPost(
            RowFields(row.role, row.company, row.location, modes.get(row.work_mode)),
            row.link or "",
            row.posted_at,
            None,
            (Place(offer_id, 0, None, row.link), *reposts.get(offer_id, ())),
        )
        for offer_id, row in first.items()
    ]


def group_heading(t: Texts, key: str, by: DigestGrouping) -> str:
    if by == DigestGrouping.ROLE:
        return t._(FAMILY_NAMES.get(key, FAMILY_NAMES[OTHER_FAMILY]))
    return t._(PLACE_NAMES[key]) if key in PLACE_NAMES else key


def offer_summary(t: Texts, fields: PostFields) -> str:
    """role — company — place — remote flag (HTML, escaped)."""
    role = esc(fields.role) if fields.role else t._("Job post")
    parts = [f"<b>{role}</b>"]
    if fields.company:
        parts.append(esc(fields.company))
    if fields.location:
        parts.append(esc(fields.location))
    if fields.work_mode is WorkMode.REMOTE:
        parts.append(t._("🏠 remote"))
    elif fields.work_mode is WorkMode.HYBRID:
        parts.append(t._("🏠 hybrid"))
    return " — ".join(parts)


def place_links(t: Texts, places: Sequence[Place], own_label: str | None = None) -> str:
    """Links to each place: the chat's title for another chat, "post" for this one
    (`own_label`: that word, translated once by a caller rendering many posts)."""
    own = own_label or t._("post")
    if len(places) == 1 and not places[0].chat_id:  # most posts: only this chat's message
        url = places[0].link
        return link(url, own) if url else ""
    shown: list[str] = []
    for place in places:
        label = place.chat_title if place.chat_id else own
        if place.link:
            item = link(place.link, label or own)
        elif place.chat_id:
            item = esc(label or "?")  # a basic group: no link exists
        else:
            continue
        if item not in shown:
            shown.append(item)
    return ", ".join(shown)


def digest_lines(
    t: Texts,
    offers: Sequence[OfferPost],
    by: DigestGrouping,
    *,
    max_posts: int | None = MAX_DIGEST_POSTS,
) -> list[str]:
    """The digest as lines: a count, then each group with its offers (biggest group first)."""
    lines = [t.ngettext("📋 <b>{n} new job post</b>", "📋 <b>{n} new job posts</b>", len(offers))]
    shown = 0
    # Digests repeat roles, companies and places: each distinct line part is built once.
    summaries: dict[PostFields, str] = {}
    own = t._("post")
    for key, members in group_posts(offers, by):
        if max_posts is not None and shown >= max_posts:
            break
        lines.append("")
        lines.append(f"<b>{esc(group_heading(t, key, by))}</b> ({len(members)})")
        for post in members:
            if max_posts is not None and shown >= max_posts:
                break
            assert isinstance(post, OfferPost)
            links = place_links(t, post.places, own)
            summary = summaries.get(post.fields)
            if summary is None:
                summary = summaries[post.fields] = offer_summary(t, post.fields)
            lines.append(f"• {summary} — {links}" if links else f"• {summary}")
            shown += 1
    if shown < len(offers):
        lines.append("")
        lines.append(
            t.ngettext("…and {n} more job post.", "…and {n} more job posts.", len(offers) - shown)
        )
    return lines


def digest_messages(
    t: Texts,
    offers: Sequence[OfferPost],
    by: DigestGrouping,
    *,
    max_posts: int | None = MAX_DIGEST_POSTS,
) -> list[str]:
    """The digest split into Telegram messages; empty when there is nothing new."""
    if not offers:
        return []
    return split_message(digest_lines(t, offers, by, max_posts=max_posts))


def network_line(t: Texts, contact: NetworkContact) -> str:
    """👤 You know Maria Rossi (HR @ Acme), met at Job Fair Milano."""
    detail = (
        f"{esc(contact.role)} @ {esc(contact.company)}" if contact.role else esc(contact.company)
    )
    met = contact.event_name or contact.met_where
    if met:
        return t._(
            "👤 You know {name} ({detail}), met at {event}",
            name=esc(contact.name),
            detail=detail,
            event=esc(met),
        )
    return t._("👤 You know {name} ({detail})", name=esc(contact.name), detail=detail)


@dataclass(frozen=True, slots=True)
class AlertItem:
    """One offer for one user: its fields, the places the user may open, who they know."""

    fields: JobPostFields
    rule: str
    places: tuple[Place, ...]
    known: tuple[NetworkContact, ...]


def alert_message(t: Texts, item: AlertItem) -> str:
    lines = [
        t._("🔔 <b>New job post</b> for «{rule}»", rule=esc(item.rule)),
        offer_summary(t, item.fields),
    ]
    links = place_links(t, item.places)
    if links:
        lines.append(t._("Posted in: {places}", places=links))
    lines.extend(network_line(t, contact) for contact in item.known)
    return "\n".join(lines)


def daily_alert_messages(t: Texts, items: Sequence[AlertItem]) -> list[str]:
    lines = [
        t.ngettext(
            "🔔 <b>Your job alerts: {n} new post</b>",
            "🔔 <b>Your job alerts: {n} new posts</b>",
            len(items),
        )
    ]
    for item in items:
        links = place_links(t, item.places)
        lines.append("")
        lines.append(f"• {offer_summary(t, item.fields)}" + (f" — {links}" if links else ""))
        lines.extend(f"   {network_line(t, contact)}" for contact in item.known)
    return split_message(lines)
