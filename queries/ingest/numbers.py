"""The one reading of a number in every file cspmap ingests: digits, an optional sign and decimal point, and
thousands separators only where they group digits in threes.

A spreadsheet export writes "1,429" or "12,345.5"; "1,2,3" or "12,34" is a typing slip or a list, and reading
it as 123 or 1234 would silently overwrite a real figure. So separators are accepted only when correctly
grouped, and anything else is rejected with the reason. Exponents, "inf" and "nan" are not numbers a person
types into these files and are rejected too.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[+-]?(?P<whole>\d+|\d{1,3}(?:,\d{3})+)?(?:\.(?P<fraction>\d+))?")
_LOOKS_GROUPED = re.compile(r"[+-]?[\d,]*,[\d,]*(?:\.\d*)?")


class NumberError(ValueError):
    """The text is not a number as cspmap reads one; the message says why, e.g. "thousands separators ..."."""


def parse_decimal(text: str) -> float:
    """A number such as ``12``, ``-3.5``, ``1,429`` or ``12,345.25`` (surrounding spaces ignored)."""
    cleaned = text.strip()
    found = _NUMBER.fullmatch(cleaned)
    if found is None or (found["whole"] is None and found["fraction"] is None):
        if _LOOKS_GROUPED.fullmatch(cleaned) and any(character.isdigit() for character in cleaned):
            raise NumberError("is not a number: thousands separators must group digits in threes (e.g. 1,429)")
        raise NumberError("is not a number")
    return float(cleaned.replace(",", ""))


def parse_whole_number(text: str) -> int:
    """A whole number, zero or more, such as ``0``, ``46`` or ``1,563``."""
    value = parse_decimal(text)
    cleaned = text.strip()
    if "." in cleaned or cleaned.startswith(("-", "+")):
        raise NumberError("is not a whole number (0 or more)")
    return int(value)
