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
        "Non hai ancora salvato un CV: mandamelo qui come file PDF o DOCX."
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
        "Il tuo CV: quello che mi hai mandato è del 24 novembre 2026 (salvato 3 giorni fa).\n"
        "Inoltralo a chi ne ha bisogno."
    )


async def test_a_docx_replaces_the_pdf(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
    await jane.upload("cv.pdf", PDF)
    await jane.expect_reply()
    await jane.upload("cv-2026.docx", docx_bytes())
    assert "cv-2026.docx" in (await jane.expect_reply()).text
    assert (await refreshed(bot, jane.id)).cv_file_name == "cv-2026.docx"


async def test_a_broken_file_is_refused_and_the_old_cv_kept(bot: RunningBot, jane: SimUser) -> None:
    await started(bot, jane)
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
