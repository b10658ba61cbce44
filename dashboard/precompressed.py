"""The scripts and stylesheets of every page, sent brotli-compressed at its highest quality, worked out once.

flask-compress compresses each response as it leaves, at a quality quick enough for any response (zstd 3,
brotli 4, gzip 6). The scripts a first visit loads (plotly.js, AG Grid, Dash's own) never change while the app
runs, and brotli at quality 11 makes them about a fifth smaller than that (``plotly-cspmap.min.js``: 0.88 MB
gzipped, 0.66 MB), but takes about 5 s for plotly.js. So the first request for a file starts that work in a
background thread and is answered by flask-compress as before; the result is kept in the results folder
(:class:`~dashboard.data.SharedResults`), shared by every worker and kept across restarts, and every later
request that accepts brotli is sent it. A file is known by a digest of its bytes, never by its address: the
plotly.js bundle's address carries no version.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import brotli
import dash
import flask

from dashboard.data import SharedResults

SCRIPT_TYPES = {"application/javascript", "text/javascript", "text/css"}
SCRIPT_PATHS = ("/_dash-component-suites/", "/assets/")
MIN_BYTES = 1_000  # below this compression hardly matters (flask-compress starts at 500 bytes)
QUALITY = 11
KEPT_FILES = 100  # every script of the app several times over
LOG = logging.getLogger(__name__)


class Precompressed:
    """Brotli 11 of the scripts asked for so far: in this process, in the shared folder, or being worked out."""

    def __init__(self, kept: SharedResults) -> None:
        self._kept = kept
        self._ready: dict[str, bytes] = {}
        self._working: dict[str, Future] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brotli")  # one core, whatever the load

    def get(self, data: bytes) -> bytes | None:
        """``data`` compressed, if it is ready; else None, with the work started if it was not already."""
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        with self._lock:
            if digest in self._ready:
                return self._ready[digest]
        found, compressed = self._kept.get(("brotli", QUALITY, digest))
        with self._lock:
            if found and isinstance(compressed, bytes):
                self._ready[digest] = compressed
                return compressed
            if digest not in self._working:
                self._working[digest] = self._worker.submit(self._compress, digest, data)
        return None

    def finish(self) -> None:
        """Wait for the scripts being compressed (for a benchmark that measures a server past its first visit)."""
        with self._lock:
            working = list(self._working.values())
        for future in working:
            future.result()

    def _compress(self, digest: str, data: bytes) -> None:
        try:
            compressed = brotli.compress(data, quality=QUALITY)
            self._kept.set(("brotli", QUALITY, digest), compressed)
        except Exception:  # in a background thread: flask-compress goes on serving the script
            LOG.exception("Could not compress a script with brotli; it is sent as flask-compress compresses it")
            return
        with self._lock:
            self._ready[digest] = compressed
            self._working.pop(digest, None)


def install_precompressed(app: dash.Dash) -> None:
    """Send ``app``'s scripts as brotli 11 to a browser that accepts it; install after Dash has made the app, so this
    runs before flask-compress (Flask runs the last hook installed first)."""
    precompressed = Precompressed(SharedResults.named("scripts", files=KEPT_FILES))
    app.server.extensions[__name__] = precompressed

    @app.server.after_request
    def _send_precompressed(response: flask.Response) -> flask.Response:
        request = flask.request
        if (
            request.method != "GET"
            or response.status_code != 200
            or response.mimetype not in SCRIPT_TYPES
            or not request.path.startswith(SCRIPT_PATHS)
            or "Content-Encoding" in response.headers
            or request.accept_encodings.quality("br") <= 0
            or (response.content_length is not None and response.content_length < MIN_BYTES)
        ):
            return response
        response.direct_passthrough = False  # a file Flask would stream: read it, to know which script it is
        compressed = precompressed.get(response.get_data())
        if compressed is None:
            return response
        response.set_data(compressed)
        response.headers["Content-Encoding"] = "br"
        response.vary.add("Accept-Encoding")
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(f"{etag}:br", weak=weak)
        return response


def finish_precompressing(server: flask.Flask) -> None:
    """Wait until the scripts asked of ``server`` so far are compressed (see :meth:`Precompressed.finish`)."""
    server.extensions[__name__].finish()
