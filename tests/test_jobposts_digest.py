"""Digest grouping, message links and message splitting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.jobposts.digest import (
    OTHER_FAMILY,
    REMOTE_GROUP,
    UNKNOWN_PLACE_GROUP,
    DigestPost,
    group_posts,
    message_link,
    role_family,
    split_message,
    utf16_length,
)
from bot.jobposts.extract import JobPostFields, WorkMode
from storage.job_kinds import DigestGrouping

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def post(
    role: str | None, location: str | None = None, mode: WorkMode | None = None, age_h: int = 0
) -> DigestPost:
    fields = JobPostFields(role=role, location=location, work_mode=mode)
    return DigestPost(fields, f"https://t.me/jobs/{age_h}", T0 - timedelta(hours=age_h), "Jobs")


@pytest.mark.parametrize(
    ("role", "family"),
    [
        ("Senior Backend Developer", "engineering"),
        ("Sviluppatore Java", "engineering"),
        ("DevOps Engineer", "engineering"),
        ("Data Engineer", "data"),
        ("Analista BI", "data"),
        ("Product Designer", "design"),
        ("UX/UI Designer", "design"),
        ("IT Recruiter junior", "hr"),
        ("Addetto/a paghe e payroll", "hr"),
        ("Business Developer", "marketing_sales"),
        ("Agenti di commercio", "marketing_sales"),
        ("Digital Marketing Specialist", "marketing_sales"),
        ("Impiegata amministrativa", "admin_finance"),
        ("Accountant", "admin_finance"),
        ("Segretaria/o", "admin_finance"),
        ("Cuoco capopartita", OTHER_FAMILY),
        (None, OTHER_FAMILY),
    ],
)
def test_role_family(role: str | None, family: str) -> None:
    assert role_family(role) == family


def test_group_by_role_orders_groups_and_posts() -> None:
    posts = [
        post("Backend Developer", age_h=5),
        post("Cuoco", age_h=1),
        post("Frontend Developer", age_h=1),
        post("Data Analyst", age_h=2),
        post("Cameriere", age_h=3),
        post("Cassiere", age_h=4),
    ]
    groups = group_posts(posts, by=DigestGrouping.ROLE)
    assert [key for key, _ in groups] == ["engineering", "data", OTHER_FAMILY]
    engineering = groups[0][1]
    assert [p.fields.role for p in engineering] == ["Frontend Developer", "Backend Developer"]


def test_group_by_place() -> None:
    posts = [
        post("A", "Milano"),
        post("B", "Milan"),
        post("C", "Milano", WorkMode.REMOTE),
        post("D", None, WorkMode.REMOTE),
        post("E", "Roma", WorkMode.HYBRID),
        post("F"),
        post("G", "provincia di lecco"),
    ]
    groups = dict(group_posts(posts, by=DigestGrouping.PLACE))
    assert [p.fields.role for p in groups["Milano"]] == ["A", "B"]
    assert [p.fields.role for p in groups[REMOTE_GROUP]] == ["C", "D"]
    assert [p.fields.role for p in groups["Roma"]] == ["E"]
    assert [p.fields.role for p in groups["Provincia Di Lecco"]] == ["G"]
    assert list(groups)[-1] == UNKNOWN_PLACE_GROUP
    assert group_posts([], by=DigestGrouping.PLACE) == []


@pytest.mark.parametrize(
    ("chat_id", "username", "message_id", "link"),
    [
        (-1001234567890, None, 42, "https://t.me/c/1234567890/42"),
        (-1001234567890, "offerte_it", 42, "https://t.me/offerte_it/42"),
        (-1001234567890, "@offerte_it", 7, "https://t.me/offerte_it/7"),
        (-4001234, "publicgroup", 3, "https://t.me/publicgroup/3"),
    ],
)
def test_message_link(chat_id: int, username: str | None, message_id: int, link: str) -> None:
    assert message_link(chat_id, username, message_id) == link


@pytest.mark.parametrize("chat_id", [-4001234, 123456789, -100])
def test_message_link_refuses_chats_without_links(chat_id: int) -> None:
    with pytest.raises(ValueError, match="no message links"):
        message_link(chat_id, None, 1)


def test_split_message_packs_lines_without_breaking_them() -> None:
    lines = [f"line {i:03d} " + "x" * 30 for i in range(300)]
    messages = split_message(lines, limit=1000)
    assert all(utf16_length(m) <= 1000 for m in messages)
    assert "\n".join(messages).split("\n") == lines  # nothing lost, nothing reordered
    assert len(messages) == len("\n".join(lines)) // 1000 + 1
    assert split_message([]) == []


@pytest.mark.parametrize(
    "line",
    [
        "word " * 2000,  # cut at spaces
        "x" * 9000,  # no space: hard cut
        "😀" * 3000,  # 2 UTF-16 units each: 6000 units
        "a" + "😀" * 2500,  # odd offset: the cut must not split an emoji
    ],
)
def test_split_message_cuts_over_long_lines(line: str) -> None:
    messages = split_message(["header", line, "footer"])
    assert all(utf16_length(m) <= 4096 for m in messages)
    assert messages[0].startswith("header")
    assert messages[-1].endswith("footer")
    joined = "".join(messages).replace("\n", "").replace(" ", "")
    assert joined == ("header" + line + "footer").replace(" ", "")


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_length("a😀è") == 4
