"""Clipping and paginating finished HTML by visible text: checked with the emulator's parser,
which rejects exactly what Telegram rejects ("can't parse entities", "message is too long")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.formatting import (
    ELLIPSIS,
    MESSAGE_LIMIT,
    bold,
    clip_html,
    esc,
    link,
    paginate,
    visible_length,
)
from bot.sandbox.html_text import parse_html, utf16_len

# Escaped user text inside the tags our renderers use.
_TAGS = ("b", "i", "u", "s", "code", "pre", "blockquote", "tg-spoiler")
user_text = st.text(max_size=60)
leaf = user_text.map(esc)


def _wrap(children: list[str], tag: str) -> str:
    return f"<{tag}>{''.join(children)}</{tag}>"


def _tree(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    nodes = st.lists(inner, max_size=4)
    return st.one_of(
        st.builds(_wrap, nodes, st.sampled_from(_TAGS)),
        st.builds(
            lambda parts, url: f'<a href="{esc(url)}">{"".join(parts)}</a>', nodes, user_text
        ),
        st.builds(lambda parts: '<span class="tg-spoiler">' + "".join(parts) + "</span>", nodes),
        nodes.map("".join),
    )


html_text = st.recursive(leaf, _tree, max_leaves=30)
html_line = st.recursive(leaf, _tree, max_leaves=6)
limits = st.integers(min_value=1, max_value=300)


def visible(text: str) -> str:
    plain, _ = parse_html(text)
    return plain


@given(html_text, limits)
def test_clipped_html_parses_and_fits(text: str, limit: int) -> None:
    clipped = clip_html(text, limit)
    plain = visible(clipped)  # raises Telegram's "can't parse entities" if a tag was cut
    assert utf16_len(plain) <= limit
    assert visible_length(clipped) <= limit
    original = visible(text)
    if clipped == text:
        assert visible_length(text) <= limit
    else:
        assert plain.endswith(ELLIPSIS)
        assert original.startswith(plain.removesuffix(ELLIPSIS))


@given(html_text)
def test_visible_length_is_what_telegram_counts(text: str) -> None:
    plain, _ = parse_html(text)
    # Telegram also trims surrounding blanks; nothing else differs.
    assert visible_length(text) >= utf16_len(plain)
    assert visible_length(f"<b>x</b>{text}<i>y</i>") >= utf16_len(plain) + 2


def test_entities_count_as_one_character_and_are_never_split() -> None:
    notes = esc("&" * 5000)  # a card whose notes are full of &
    text = bold("Anna") + "\n" + notes
    clipped = clip_html(text)
    plain = visible(clipped)
    assert len(plain) == MESSAGE_LIMIT
    assert plain == "Anna\n" + "&" * (MESSAGE_LIMIT - 6) + ELLIPSIS
    assert clipped.endswith("&amp;" + ELLIPSIS)


def test_a_long_name_inside_a_tag_is_closed_after_the_cut() -> None:
    text = "<b>" + esc("<Nome> " * 1000) + "</b>\n🏢 Acme"
    clipped = clip_html(text, 100)
    assert clipped.startswith("<b>&lt;Nome&gt;")
    assert clipped.endswith(ELLIPSIS + "</b>")
    assert utf16_len(visible(clipped)) <= 100


def test_a_text_that_fits_is_returned_as_it_is() -> None:
    text = link("https://example.com/?a=1&b=2", "A & B") + " <i>ok</i>"
    assert clip_html(text, visible_length(text)) == text
    assert clip_html(text, visible_length(text) - 1) != text


def test_emoji_count_two_units_and_stay_whole() -> None:
    clipped = clip_html("😀" * 10, 5)
    assert clipped == "😀😀" + ELLIPSIS


def test_no_room_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        clip_html("x", 0)


def page_label(page: int, pages: int) -> str:
    return f"<i>Page {page} of {pages}</i>"


@settings(max_examples=50)
@given(st.lists(html_line, max_size=20), st.integers(min_value=60, max_value=400))
def test_pages_parse_fit_and_keep_every_item_in_order(items: list[str], limit: int) -> None:
    header = "<b>Your follow-ups</b>"
    pages = paginate(items, header=header, label=page_label, limit=limit)
    assert pages
    for number, page in enumerate(pages, start=1):
        assert utf16_len(visible(page)) <= limit
        assert page.startswith(header)
        assert (f"Page {number} of {len(pages)}" in page) == (len(pages) > 1)
    # Items short enough for any page come whole, in order, each exactly once.
    everything, position = "".join(pages), 0
    for item in items:
        if visible_length(item) <= limit // 3:
            found = everything.find(item, position)
            assert found >= 0
            position = found + len(item)


def test_thirty_long_entries_become_pages_under_the_limit() -> None:
    entries = [f"{n}. <b>{esc('Bartolomeo ' * 30)}</b> ({esc('A&B ' * 40)})" for n in range(30)]
    pages = paginate(entries, header="<b>Follow-ups</b>", label=page_label)
    assert len(pages) > 1
    assert all(utf16_len(visible(page)) <= MESSAGE_LIMIT for page in pages)
    assert sum(page.count("<b>Bartolomeo") for page in pages) == 30
    assert pages[-1].endswith(f"<i>Page {len(pages)} of {len(pages)}</i>")


def test_one_page_has_no_label_and_no_items_still_makes_a_page() -> None:
    assert paginate(["a", "b"], header="H", label=page_label) == ["H\na\nb"]
    assert paginate([], header="H", label=page_label) == ["H"]
