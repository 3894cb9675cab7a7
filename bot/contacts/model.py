"""The shape of a contact's data, shared by every way a contact comes in (dialogue, vCard,
CSV import, a scanned card): defined once, beside the table it is stored in."""

from storage.contacts import Contact, ContactDraft

__all__ = ["Contact", "ContactDraft"]
