"""Contacts: the domain model and pure logic for capturing people."""
