"""Job posts collected from Telegram groups and channels: pure domain logic.

Modules: ``classifier`` (is it a job offer?), ``extract`` (structured fields),
``fingerprint`` (de-duplication), ``alerts`` (personal keyword rules), ``digest``
(grouping, links, message splitting), ``company`` (company-name matching).
Those modules touch no Telegram objects, no database and no user-facing sentences.

Built on them, for job groups and channels: ``schedule`` (pure: /digest arguments, next due
time), ``collect`` (classify + extract + de-duplicate + store), ``digest_render`` (translated
HTML lines), and the job-side senders ``digest_job``, ``alert_dispatch`` and ``delivery``.
"""
