"""Shared fixtures: the bundled pages built once per test session via the real CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from browser import browser  # noqa: F401  (the headless-Chromium fixture, for every test module)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``kg`` command as a user would (``python -m kg.cli`` of this interpreter)."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Output folder of ``kg build --out DIR`` on the bundled pages."""
    out = tmp_path_factory.mktemp("build") / "out"
    r = run_kg("build", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out
