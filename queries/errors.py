"""The one exception type whose message is written for the person running cspmap."""

from __future__ import annotations


class CspmapError(Exception):
    """A problem the user can act on; the message says what went wrong and what to do."""
