"""A real server process for a test: started on a free local port, waited for, stopped afterwards.

Its output goes to a temporary file, never to a pipe: nobody reads a pipe while the test runs, so after about 64 KB
of request log the server would block on its next log line and stop answering.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A local TCP port nothing is listening on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running server process and what it has printed so far."""

    def __init__(self, process: subprocess.Popen, log) -> None:
        self.process = process
        self._log = log

    def stop(self) -> None:
        """End the server (its log is then complete)."""
        self.process.terminate()
        self.process.wait(timeout=20)

    def output(self) -> str:
        """Everything the server has printed, standard output and standard error together."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read()


@contextmanager
def running_server(
    command: Sequence[str],
    url: str,
    *,
    ready_path: str = "/",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 90,
) -> Iterator[Server]:
    """Run ``command`` (a server listening at ``url``) while the block runs, once ``url + ready_path`` answers.

    Any HTTP answer counts, a refusal included (a signed-in server answers 401). If the server exits or does not
    answer within ``timeout`` seconds, this fails with what it printed.
    """
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(
            list(command), stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, cwd=cwd
        )
        try:
            _wait_until_answering(url + ready_path, Server(server, log), timeout)
            yield Server(server, log)
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait_until_answering(url: str, server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            code = server.process.returncode
            raise RuntimeError(f"the server exited early (code {code}):\n{server.output()[-4000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the server did not answer at {url} within {timeout} s:\n{server.output()[-4000:]}")
