"""The sandbox's pure pieces: typed lines, button labels, rendering, image sizes, demo clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.buttons import NoSuchButton, PressRequest, choose_button, label_key, parse_press
from bot.sandbox.client_text import client_messages, typed_line, valid_unicode
from bot.sandbox.demo import demo_start
from bot.sandbox.html_text import parse_html
from bot.sandbox.media import image_size
from bot.sandbox.render import Style, formatted
from bot.sandbox.views import BotMessage


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"abc\xc3\n", "abc\ufffd"),  # cut inside "à"
        (b"caf\xc3\xa9\r\n", "café"),
        (b"\x1b[A/help\x07\x00", "/help"),  # an arrow key, a bell, a NUL
        (b"a\tb", "a b"),
        (b"\xff\xfe", "\ufffd\ufffd"),
        ("abc\udcc3", "abc\ufffd"),  # the same cut line, read with surrogateescape
    ],
)
def test_typed_lines_become_what_a_client_sends(raw: bytes | str, expected: str) -> None:
    assert typed_line(raw) == expected


def test_valid_unicode_keeps_valid_text_and_replaces_lone_surrogates() -> None:
    assert valid_unicode("ok 😀") == "ok 😀"
    assert valid_unicode("\ud83d x") == "\ufffd x"


def test_a_long_text_goes_as_several_messages_like_a_client_sends_it() -> None:
    assert [len(m) for m in client_messages("x" * 9000)] == [4096, 4096, 808]
    text = ("parola " * 1200).strip()
    words = client_messages(text)
    assert len(words) == 3 and all(len(m) <= 4096 for m in words)
    assert " ".join(words) == text  # cut between words, nothing lost
    assert [len(m) for m in client_messages("😀" * 3000)] == [2048, 952]  # 2 UTF-16 units each
    assert client_messages("ciao") == ["ciao"]


@pytest.mark.parametrize(
    ("label", "key"),
    [("✅ Fatto", "fatto"), ("📇 Open card", "open card"), ("Next ➡️", "next"), ("« Back", "back")],
)
def test_label_key_drops_emoji_and_case(label: str, key: str) -> None:
    assert label_key(label) == key


@pytest.mark.parametrize(
    ("argument", "request_"),
    [
        ("2", PressRequest(None, 2)),
        ("12 3", PressRequest(12, 3)),
        ("#12 3", PressRequest(12, 3)),
        ("12 open card", PressRequest(12, "open card")),
        ("fatto", PressRequest(None, "fatto")),
        ("in 3 days", PressRequest(None, "in 3 days")),
    ],
)
def test_parse_press(argument: str, request_: PressRequest) -> None:
    assert parse_press(argument) == request_


def _message(*rows: list[str]) -> BotMessage:
    keyboard = [[{"text": t, "callback_data": t} for t in row] for row in rows]
    payload = {
        "message_id": 7,
        "chat": {"id": 1, "type": "private"},
        "text": "x",
        "reply_markup": {"inline_keyboard": keyboard},
    }
    return BotMessage.from_payload(
        payload, raw_text=None, parse_mode=None, edited=False, deleted=False, from_bot=True
    )


def test_choose_button_by_number_label_or_part_of_it() -> None:
    nudge = _message(["✅ Done", "✍️ Draft"], ["💤 Snooze", "📇 Open card"])
    assert choose_button(nudge, 3) == 2
    assert choose_button(nudge, "done") == 0
    assert choose_button(nudge, "OPEN") == 3
    with pytest.raises(NoSuchButton, match=r"#7 has 4 buttons \(1 to 4\): \[1\] ✅ Done"):
        choose_button(nudge, 5)
    with pytest.raises(NoSuchButton, match="no button “fatto” on #7"):
        choose_button(nudge, "fatto")
    with pytest.raises(NoSuchButton, match="#7 has 1 button"):
        choose_button(_message(["Save"]), 0)
    with pytest.raises(NoSuchButton, match="“d” matches 3 buttons"):
        choose_button(nudge, "d")


def test_html_is_shown_styled_in_a_terminal_and_plain_when_piped() -> None:
    text, entities = parse_html(
        "<b>Giulia</b> 😀 <i>HR</i> &amp; <a href='https://t.me/c/1/2'>post</a>"
    )
    assert formatted(text, entities, Style(ansi=False)) == (
        "Giulia 😀 HR & post <https://t.me/c/1/2>"
    )
    assert formatted(text, entities, Style(ansi=True)) == (
        "\x1b[1mGiulia\x1b[0m 😀 \x1b[3mHR\x1b[0m & \x1b[4mpost\x1b[0m"
        "\x1b[2m <https://t.me/c/1/2>\x1b[0m"
    )


def test_image_size_from_png_gif_and_jpeg_headers() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (3).to_bytes(4, "big") + (2).to_bytes(4, "big")
    gif = b"GIF89a" + (5).to_bytes(2, "little") + (4).to_bytes(2, "little")
    app0 = b"\xff\xe0\x00\x04ab"
    sof0 = b"\xff\xc0\x00\x0b\x08" + (480).to_bytes(2, "big") + (640).to_bytes(2, "big") + b"\x01"
    jpeg = b"\xff\xd8" + app0 + sof0 + b"\x00" * 4
    assert [image_size(x) for x in (png, gif, jpeg, b"nope")] == [(3, 2), (5, 4), (640, 480), None]


@pytest.mark.parametrize(
    ("now", "start"),
    [
        (datetime(2026, 12, 3, 12, 0, tzinfo=UTC), datetime(2026, 11, 30, 10, 30)),  # Thursday
        (datetime(2026, 11, 30, 8, 0, tzinfo=UTC), datetime(2026, 11, 30, 10, 30)),  # Monday
        (datetime(2026, 12, 6, 12, 0, tzinfo=UTC), datetime(2026, 12, 7, 10, 30)),  # Sunday
    ],
)
def test_the_demo_starts_on_a_monday_morning(now: datetime, start: datetime) -> None:
    rome = ZoneInfo("Europe/Rome")
    assert demo_start(now, rome) == start.replace(tzinfo=rome)
