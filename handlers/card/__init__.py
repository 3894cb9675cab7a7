"""/card: your own card as a QR code and its editor (own), and exchanging cards by scanning
them (exchange).

Callback prefix `card:`:
  card:edit | card:keep:<step> | card:clear:<step>   the editor (also from /settings)
  card:vcf                                          your card as a .vcf and a vCard QR
  card:save:<token>                                 the scanner saves the card's owner
  card:back:<exchange>                              the owner: "save them too"
  card:share:<exchange>                             the scanner: "share mine back"
The last three, and a scanned link arriving as `/start <token>`, are in exchange.
"""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler

from bot.context import ReteApplication
from handlers.card import exchange, own


def register(app: ReteApplication) -> None:
    exchange.register(app)  # first: "/start <token>" before the editor and before /start
    app.add_handler(own.conversation())
    app.add_handler(CallbackQueryHandler(own.send_vcard, pattern=r"^card:vcf$"))
