"""`rete sandbox`: placeholder until the emulator lands."""

from __future__ import annotations

from pathlib import Path


def run_sandbox(db_path: Path | None) -> int:
    raise NotImplementedError
