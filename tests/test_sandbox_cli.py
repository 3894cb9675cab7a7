"""`rete sandbox` as a newcomer runs it: a subprocess fed piped bytes.

Starting the sandbox costs seconds, so one session (the tour) is shared by several tests,
each checking one thing a user would see; a second run of it checks `--db`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (4).to_bytes(4, "big") + (3).to_bytes(4, "big")
JOB_POST = "We are hiring! Data Engineer @ Acme, Milano. Apply: https://acme.example/jobs/7"


@dataclass(frozen=True)
class Run:
    stdout: str
    stderr: str
    returncode: int


def sandbox(*args: str, stdin: bytes, cwd: Path, timeout: float = 90) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**env, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
        timeout=timeout,
        check=False,
    )
    return Run(result.stdout.decode(), result.stderr.decode(), result.returncode)


def in_order(text: str, *fragments: str) -> None:
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing after position {position} in:\n{text}"
        position = found + len(fragment)


@dataclass(frozen=True)
class Tour:
    run: Run
    again: Run
    home: Path
    files: Path


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Tour:
    home = tmp_path_factory.mktemp("tour")
    (home / "me.png").write_bytes(PNG)
    files, db = home / "files", home / "data" / "rete.sqlite3"
    db.parent.mkdir()
    lines = [
        b"/start",
        b"abc\xc3",  # a line cut inside a UTF-8 character
        b"/help",
        b":user Jane en",
        b"/add Anna Neri, CTO @ Beta",
        b":press skip",
        b":press today",
        b":press skip",
        b":press skip",
        b":press no follow-up",
        b":press 7 9",
        b":press save",
        b":press 7 1",  # the summary's Save again: the contact is saved already
        b"/import",
        b":photo me.png",
        b"/cancel",
        b"/export",
        b":group Jobs",
        JOB_POST.encode(),
        b"/digest on",
        b"/digest now",
        b":user Giulia en",
        b"/add",
        b"Anna Bianchi",
        b":quit",
    ]
    first = sandbox("--db", str(db), "--files", str(files), stdin=b"\n".join(lines), cwd=home)
    again = sandbox("--db", str(db), stdin=b":user Giulia\nHR manager @ Acme\n", cwd=home)
    return Tour(first, again, home, files)


def test_the_session_ends_cleanly(tour: Tour) -> None:
    assert (tour.run.returncode, tour.run.stderr) == (0, "")
    in_order(tour.run.stdout, "Ciao Mario! Sono Rete", "[1] ➕ Aggiungi un contatto")
    assert sorted(os.listdir(tour.home)) == ["data", "files", "me.png"]


def test_a_line_cut_inside_a_character_is_answered_and_the_session_goes_on(tour: Tour) -> None:
    in_order(
        tour.run.stdout,
        "#4 bot: Per salvare una persona che hai conosciuto, invia /add.",
        "#6 bot: Cosa so fare",
    )


def test_press_by_label_and_by_message_and_a_stale_buttons_toast(tour: Tour) -> None:
    in_order(
        tour.run.stdout,
        "#7 bot: Check and save",
        "! #7 has 3 buttons (1 to 3): [1] ✅ Save  [2] ✏️ Edit field  [3] ✖️ Cancel",
        "#8 bot: Saved: Anna Neri.",
        "    (toast) This button has expired.",
    )


def test_a_photo_is_sent_as_a_photo(tour: Tour) -> None:
    in_order(tour.run.stdout, "Send me the file with your contacts", "Send the contacts as a file")


def test_the_export_is_saved_to_the_files_folder(tour: Tour) -> None:
    saved = sorted(p.name for p in tour.files.iterdir())
    assert saved[:2] == ["contacts.csv", "contacts.vcf"] and saved[2].startswith("rete-")
    assert "Anna Neri" in (tour.files / "contacts.csv").read_text(encoding="utf-8-sig")
    for name in saved:
        assert f"saved as {tour.files / name}]" in tour.run.stdout


def test_the_group_creator_turns_the_digest_on_and_it_lists_the_post(tour: Tour) -> None:
    in_order(
        tour.run.stdout,
        "(created supergroup Jobs: you are its creator, Rete is an admin there)",
        "✅ I can read the messages here",
        "bot: 📋 Job post digest: on",
        "bot: 📋 1 new job post",
        "• Data Engineer — Acme — Milano — post <https://t.me/c/",
    )


def test_a_restart_with_db_finds_the_same_user_and_her_half_finished_add(tour: Tour) -> None:
    ids = [re.search(r"you are Giulia, id (\d+)", run.stdout) for run in (tour.run, tour.again)]
    assert ids[0] and ids[1] and ids[0][1] == ids[1][1]
    assert (tour.again.returncode, tour.again.stderr) == (0, "")
    in_order(tour.again.stdout, "bot: Where did you meet?")
    assert (tour.home / "data" / "rete.sqlite3.sandbox.json").is_file()


def test_the_demo_plays_a_fair_day_in_under_a_minute(tmp_path: Path) -> None:
    demo = sandbox("--demo", stdin=b"", cwd=tmp_path, timeout=60)
    assert (demo.returncode, demo.stderr) == (0, "")
    in_order(
        demo.stdout,
        "> /add Giulia Bianchi, HR manager @ Acme",
        "> :wait 3d",
        "bot: 🔔 Time to follow up with Giulia Bianchi",
        "> :press done",
        "✅ Followed up by message.",
        "> :group Jobs Milano",
        "[@Jane] #",
        "👤 You know Giulia Bianchi (HR manager @ Acme), met at Job Fair Milano",
        "> /digest now",
        "bot: 📋 1 new job post",
    )
    assert "\n!" not in demo.stdout
    assert list(tmp_path.iterdir()) == []  # nothing left behind where it ran
