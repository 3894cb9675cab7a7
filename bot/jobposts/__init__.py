"""Job posts collected from Telegram groups and channels: pure domain logic.

Modules: ``classifier`` (is it a job offer?), ``extract`` (structured fields),
``fingerprint`` (de-duplication), ``alerts`` (personal keyword rules), ``digest``
(grouping, links, message splitting), ``company`` (company-name matching).
Nothing here touches Telegram objects, the database or user-facing sentences.
"""
