"""Job posts collected from Telegram groups and channels.

Pure domain logic (no Telegram objects, no database, no user-facing sentences):
``classifier`` (is it a job offer?), ``extract`` (structured fields), ``chatter`` (what
"every post is an offer" still leaves out), ``fingerprint`` (de-duplication keys),
``alerts`` (personal keyword rules), ``matching`` (who a post is for), ``digest``
(grouping, links, message splitting), ``schedule`` (/digest arguments, next due time).

Use-cases, on the repositories: ``collect`` (decide + extract + de-duplicate + store +
queue alerts) and ``actions`` (digest settings, corrections, alert rules, membership).
Rendering: ``digest_render`` (translated HTML lines). Sent from jobs, never from a user's
handler: ``digest_job``, ``alert_dispatch`` (checking ``membership``) and ``delivery``.
"""
