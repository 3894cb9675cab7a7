"""`rete sandbox` as a newcomer runs it: piped input, the welcome, exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_piped_start_prints_the_welcome(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox"],
        input="/start\n:quit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Ciao Mario! Sono Rete" in result.stdout
    assert "[1] ➕ Aggiungi un contatto" in result.stdout
    assert list(tmp_path.iterdir()) == []  # the temporary database went with the sandbox
