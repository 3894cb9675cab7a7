"""/cv: store a PDF or DOCX as the current CV, get it back, refuse what is not one."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox import SimUser
from bot.sandbox.harness import RunningBot
from tests.followups_support import refreshed, started

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


async def test_a_pdf_becomes_the_cv_and_comes_back(
    bot: RunningBot, mario: SimUser, clock: ManualClock
) -> None:
    await started(bot, mario)
    await mario.send("/cv")
    assert (await mario.expect_reply()).text == (
        "Mandami qui il tuo CV come file PDF o Word (DOCX) (📎 → File). /cancel per smettere."
    )
    await mario.upload("Mario <Rossi> CV.pdf", PDF)
    saved = await mario.expect_reply()
    assert saved.text == (
        "📄 Ho salvato Mario <Rossi> CV.pdf come tuo CV attuale. Scrivi /cv quando ti serve."
    )
    user = await refreshed(bot, mario.id)
    assert user.cv_file_name == "Mario <Rossi> CV.pdf"
    assert user.cv_uploaded_at == clock.now()
    clock.advance(timedelta(days=3))
    await mario.send("/cv")
    sent = await mario.expect_reply()
    assert sent.document is not None
    assert sent.document.file_id == user.cv_file_id
    assert sent.text == (
        "Il tuo CV: quello che mi hai mandato risale a mar 24 nov (salvato 3 giorni fa).\n"
        "Inoltralo a chi ne ha bisogno."
    )
    assert sent.buttons == [["🔄 Sostituiscilo"]]


async def test_a_file_sent_without_cv_is_never_taken_without_a_yes(
    bot: RunningBot, jane: SimUser
) -> None:
    await started(bot, jane)
    await jane.upload("cv.pdf", PDF)
    asked = await jane.expect_reply()
    assert asked.text == "Save cv.pdf as your CV? /cv will send it back whenever you need it."
    assert (await refreshed(bot, jane.id)).cv_file_id is None  # nothing yet
    await jane.press("✅ Yes, save it")
    assert (await jane.expect_reply()).text.startswith("📄 Saved cv.pdf as your current CV.")
    await jane.upload("cv-2026.docx", docx_bytes())
    asked = await jane.expect_reply()
    assert asked.text == (
        "Save cv-2026.docx as your CV? It replaces your current one: cv.pdf, stored on Tue 24 Nov."
    )
    await jane.upload("other.pdf", PDF)
    newer = await jane.expect_reply()
    await jane.press("✅ Yes, save it", message=asked)  # an older question: stale
    await bot.settle()
    assert bot.emu.callback_answers[-1].text == "This button has expired."
    await jane.press("No", message=newer)
    assert (await jane.expect_reply()).text == "Your CV is unchanged."
    assert (await refreshed(bot, jane.id)).cv_file_name == "cv.pdf"
    await jane.send("/cv")
    await jane.expect_reply()
    await jane.press("🔄 Replace it")
    await jane.expect_reply()
    await jane.upload("cv-2026.docx", docx_bytes())
    assert "cv-2026.docx" in (await jane.expect_reply()).text
    assert (await refreshed(bot, jane.id)).cv_file_name == "cv-2026.docx"


async def test_a_broken_file_is_refused_and_the_old_cv_kept(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
    await jane.send("/cv")
    await jane.expect_reply()
    await jane.upload("cv.pdf", PDF)
    await jane.expect_reply()
    await jane.upload("holiday.pdf", b"\x89PNG\r\n\x1a\n not a pdf at all")
    assert (await jane.expect_reply()).text.startswith(
        "This file does not look like a valid PDF or Word document"
    )
    await jane.upload("empty.docx", b"")
    assert (await jane.expect_reply()).text.startswith("This file does not look like")
    assert (await refreshed(bot, jane.id)).cv_file_name == "cv.pdf"


async def test_other_documents_are_not_taken_as_a_cv(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
    await jane.upload("contacts.vcf", b"BEGIN:VCARD\nEND:VCARD\n")
    await jane.expect_reply()
    assert (await refreshed(bot, jane.id)).cv_file_id is None
