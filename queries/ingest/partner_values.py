"""Turn the text of one partner-data field into a value: dates, yes/no, answer scales, numbers, ids, contacts.

Each parser takes the field's text, already stripped and never blank, and returns the value or raises
``FieldError``. The accepted forms are the ones documented in docs/data-formats.md; dates are read in UK
(day/month) or ISO order only, because guessing the US order silently swaps days and months.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime

from queries.ingest.numbers import NumberError, parse_decimal, parse_whole_number

DATE_FORMS = "YYYY-MM-DD or DD/MM/YYYY, optionally followed by HH:MM or HH:MM:SS"

_DATE_TIME = re.compile(
    r"(?:(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})|(?P<uk_d>\d{1,2})/(?P<uk_m>\d{1,2})/(?P<uk_y>\d{4}))"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_BOOLEANS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}
# Answers that say the respondent has no view: stored as NULL, like a blank.
DONT_KNOW = ("don t know", "dont know", "do not know", "dk", "not sure", "no opinion", "prefer not to say", "n a")
# An opaque id carries a digit and no spaces; text without a digit is most likely a person's name.
_OPAQUE_ID = re.compile(r"[^\s]*\d[^\s]*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[\d\s()\-]+")
_TIME_BAND = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?")
_AGE_BAND = re.compile(r"(\d{1,3})\s*(?:-|to)\s*(\d{1,3})|(\d{1,3})\s*(?:\+|and over|or over)|(?:under|<)\s*(\d{1,3})")
_WORD_SEPARATORS = re.compile(r"[^a-z0-9+]+")


class FieldError(ValueError):
    """A field's text is not a value of the expected kind, or a row's fields do not agree.

    The reject reason reads ``"<category>: <column> '<text>' <problem>"`` (parts that are None left out). With
    ``withhold``, or for a private column, the text is left out of the reason and out of the stored raw row.
    """

    def __init__(
        self, category: str, text: str | None, problem: str, *, column: str | None = None, withhold: bool = False
    ) -> None:
        super().__init__(f"{category}: {text!r} {problem}")
        self.category = category
        self.text = text
        self.problem = problem
        self.column = column
        self.withhold = withhold

    def reason(self, column: str | None = None, *, private: bool = False) -> str:
        """The reject reason, naming ``column`` unless the error names its own."""
        shown = None if self.text is None else "(value withheld)" if private or self.withhold else repr(self.text)
        detail = " ".join(part for part in (self.column or column, shown, self.problem) if part)
        return f"{self.category}: {detail}"


Parser = Callable[[str], object]


def words(text: str) -> str:
    """Lower-case words separated by single spaces ("Don't know" -> "don t know")."""
    return _WORD_SEPARATORS.sub(" ", text.lower()).strip()


def snake_name(text: str) -> str:
    """A label as a lower-case snake_case name ("Face the people" -> "face_the_people")."""
    return words(text).replace(" ", "_").replace("+", "_plus")


def parse_text(text: str) -> str:
    """Text as given, inner runs of white space made single."""
    return " ".join(text.split())


def parse_identifier(text: str) -> str:
    """An id as given (up to 100 characters)."""
    if len(text) > 100:
        raise FieldError("bad id", text[:20] + "...", "is longer than 100 characters")
    return text


def parse_opaque_id(text: str) -> str:
    """A pseudonymous id (e.g. CW104, a hash): no spaces and at least one digit, so never a person's name."""
    if not _OPAQUE_ID.fullmatch(text) or len(text) > 100:
        raise FieldError(
            "bad id",
            text,
            "is not an opaque id (expected no spaces and at least one digit, never a name)",
            withhold=True,
        )
    return text


def parse_date_time(text: str) -> datetime:
    """A timestamp from ``YYYY-MM-DD`` or ``DD/MM/YYYY``, optionally with ``HH:MM[:SS]`` (a date alone is midnight)."""
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        raise FieldError("bad date", text, f"is not a date (expected {DATE_FORMS})")
    parts = found.groupdict()
    year, month, day = (
        (parts["iso_y"], parts["iso_m"], parts["iso_d"])
        if parts["iso_y"]
        else (parts["uk_y"], parts["uk_m"], parts["uk_d"])
    )
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
        )
    except ValueError:
        raise FieldError("bad date", text, "is not a date (no such day; dates are DD/MM/YYYY or YYYY-MM-DD)") from None


def parse_date(text: str) -> date:
    """A date in either accepted form; a time after it is allowed and ignored."""
    return parse_date_time(text).date()


def parse_date_list(text: str) -> list[date]:
    """Dates separated by semicolons, in order."""
    return sorted(parse_date(part.strip()) for part in text.split(";") if part.strip())


def parse_bool(text: str) -> bool:
    """yes/no, y/n, true/false or 1/0, in any case."""
    try:
        return _BOOLEANS[text.lower()]
    except KeyError:
        raise FieldError("bad flag", text, "is not yes/no (expected yes, no, y, n, true, false, 1 or 0)") from None


def answer_scale(labels: Mapping[str, int], top: int) -> Parser:
    """A parser for an answer scale: a number 1..``top``, one of the labels, or "don't know" (None)."""

    range_words = f"'{next(iter(labels))}' ... '{list(labels)[-1]}'"

    def parse(text: str) -> int | None:
        said = words(text)
        if said in DONT_KNOW:
            return None
        if said.isdigit() and 1 <= int(said) <= top:
            return int(said)
        if said in labels:
            return labels[said]
        raise FieldError("bad answer", text, f"is not an answer on the scale (1 to {top}, or the words {range_words})")

    return parse


def yes_no_answer(labels: Mapping[str, bool]) -> Parser:
    """A parser for a yes/no question that also takes the survey's own answer words, or "don't know" (None)."""

    also = f", or words such as '{next(iter(labels))}' and '{list(labels)[-1]}'" if labels else ""

    def parse(text: str) -> bool | None:
        said = words(text)
        if said in DONT_KNOW:
            return None
        if said in labels:
            return labels[said]
        if text.lower() in _BOOLEANS:
            return _BOOLEANS[text.lower()]
        raise FieldError("bad answer", text, f"is not an answer (expected yes or no{also})")

    return parse


def choice(labels: Mapping[str, str], what: str) -> Parser:
    """A parser for one of a fixed set of values, each known by several words."""

    def parse(text: str) -> str:
        said = words(text)
        if said in labels:
            return labels[said]
        raise FieldError(f"bad {what}", text, f"is not one of {', '.join(sorted(set(labels.values())))}")

    return parse


def number_between(low: float, high: float, *, low_open: bool = False) -> Parser:
    """A parser for a number in [low, high] (or (low, high] with ``low_open``); thousands separators allowed."""

    def parse(text: str) -> float:
        try:
            value = parse_decimal(text)
        except NumberError as exc:
            raise FieldError("bad number", text, str(exc)) from None
        if value > high:
            raise FieldError("bad number", text, f"is more than {high:g}")
        if value < low or (low_open and value == low):
            raise FieldError("bad number", text, f"must be more than {low:g}" if low_open else f"is less than {low:g}")
        return value

    return parse


def parse_count(text: str) -> int:
    """A whole number, zero or more."""
    try:
        return parse_whole_number(text)
    except NumberError as exc:
        raise FieldError("bad number", text, str(exc)) from None


def parse_code(text: str) -> str:
    """An area code as given (no spaces)."""
    if any(character.isspace() for character in text):
        raise FieldError("bad code", text, "is not an area code (codes have no spaces)")
    return text


def parse_code_list(text: str) -> list[str]:
    """Area codes separated by semicolons, commas or spaces, each once, in the order given."""
    return list(dict.fromkeys(part for part in re.split(r"[;,\s]+", text) if part))


def parse_email(text: str) -> str:
    """A work or team email address; a bad one is withheld from the reject (it may be a name or a home address)."""
    if not _EMAIL.fullmatch(text):
        raise FieldError("bad contact", text, "is not an email address", withhold=True)
    return text


def parse_phone(text: str) -> str:
    """A work or team phone number: digits, spaces, brackets, dashes and a leading +, 10 to 13 digits (a bad one is
    withheld from the reject)."""
    digits = sum(character.isdigit() for character in text)
    if not _PHONE.fullmatch(text) or not 10 <= digits <= 13:
        raise FieldError("bad contact", text, "is not a phone number (10 to 13 digits)", withhold=True)
    return " ".join(text.split())


def parse_time_band(text: str) -> str | None:
    """A time band ``HH:MM-HH:MM`` (or ``HH-HH``), returned as ``HH:MM-HH:MM``; "unknown" is None."""
    if words(text) in ("unknown", "not known", *DONT_KNOW):
        return None
    found = _TIME_BAND.fullmatch(text)
    if found is not None:
        start_h, start_m, end_h, end_m = (int(part or 0) for part in found.groups())
        if start_h < 24 and end_h < 24 and start_m < 60 and end_m < 60:
            return f"{start_h:02d}:{start_m:02d}-{end_h:02d}:{end_m:02d}"
    raise FieldError("bad time band", text, "is not a time band (expected HH:MM-HH:MM, e.g. 22:00-01:59)")


def parse_age_band(text: str) -> str | None:
    """An age band ``18-24``, ``65+`` or ``under 16``, returned in that form; "unknown" is None."""
    if words(text) in ("unknown", "not known", *DONT_KNOW):
        return None
    found = _AGE_BAND.fullmatch(text.strip().lower())
    if found is None:
        raise FieldError("bad age band", text, "is not an age band (expected e.g. 18-24, 65+ or under 16)")
    low, high, over, under = found.groups()
    if low is not None:
        if int(low) > int(high):
            raise FieldError("bad age band", text, "runs backwards")
        return f"{int(low)}-{int(high)}"
    return f"{int(over)}+" if over is not None else f"under {int(under)}"


def parse_role_counts(text: str) -> dict[str, float]:
    """Staff by role, ``role=number`` separated by semicolons ("neighbourhood warden=3; youth worker=1.5")."""
    counts: dict[str, float] = {}
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        role, equals, number = part.partition("=")
        if not equals or not snake_name(role):
            raise FieldError("bad staff", part, "is not role=number (e.g. neighbourhood_warden=3)")
        try:
            value = parse_decimal(number)
        except NumberError as exc:
            raise FieldError("bad staff", part, f"does not give a number after = ({number.strip()!r} {exc})") from None
        if not value >= 0:
            raise FieldError("bad staff", part, "does not give a number of staff (0 or more)")
        if snake_name(role) in counts:
            raise FieldError("bad staff", part, "names a role already given")
        counts[snake_name(role)] = value
    return counts
