"""Run the cspmap CLI in a child process, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str | Path, expect_success: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``cspmap ARGS...``; by default fails the test with the CLI's output if it exits non-zero.

    ``env`` adds to (or overrides) the environment the child process inherits.
    """
    result = subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **env} if env else None,
    )
    if expect_success and result.returncode != 0:
        raise AssertionError(f"cspmap {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result
