"""Rete: the core (settings, application factory, domain logic, jobs, i18n)."""
