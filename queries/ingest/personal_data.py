"""Personal data is refused at the door: columns that identify people are recognised by their heading and dropped.

Partner files often arrive as whole exports from case, survey or hospital systems, carrying columns cspmap must
never hold. Only the columns of a documented format are ever stored; any other column is dropped, and those
whose heading says they hold personal data are named in a warning so the sender can stop including them. A
dropped column's values are also withheld from ``rejects.raw``.

The list below is the documented one (docs/data-formats.md, "Personal data"). A heading matches when, written as
lower-case words ("Victim_Name" -> "victim name"), it fully matches one of a category's patterns. A column that a
format asks for (such as a team's public ``contact_phone``) is never treated as personal data.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from queries.ingest.csv_rows import CsvRows
from queries.ingest.partner_values import words
from queries.ingest.runs import Reject

# Who a name column might name: "victim name", "caseworker", "patient full name", "resp name", "pt name", ...
_PEOPLE = (
    r"person|people|respondent|resp|resident|victim|complainant|perpetrator|suspect|offender|witness|caseworker|"
    r"case officer|officer|worker|contact|patient|pt|client|reporter|caller|staff|owner|tenant|member|householder|"
    r"parent|guardian|child|young person|customer|user|applicant|referrer|inspector|sergeant|constable|pcso|pc|"
    r"manager|coordinator|lead|warden|councillor|nurse|doctor|occupant|occupier|informant|reporting person|"
    r"injured party|next of kin|nok|partner|spouse|carer|mother|father|subject|individual|driver|landlord"
)
# Headings that on their own name a person.
_PERSON_ROLES = (
    r"respondent|complainant|victim|perpetrator|suspect|offender|witness|caseworker|case officer|patient|caller|"
    r"tenant|reporter|referrer|applicant|householder|occupant|occupier|informant|reporting person|injured party|"
    r"next of kin|nok|next of kin \w+( \w+)?|landlord"
)
# "victim", "victim s", "victims", "of the victim": how a heading says whose value it is, before or after.
_WHOSE = rf"(({_PEOPLE})( s|s)? )*"
_OF_WHOM = rf"( (of|for)( the)? ({_PEOPLE}|incident|case|property))?"

# (category shown in the warning, patterns over the heading as lower-case words), tried in order.
PERSONAL_DATA_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email address", (rf"(\w+ )*e ?mail( address| addr| id)?( \d)?{_OF_WHOM}",)),
    (
        "phone number",
        (
            rf"(\w+ )*(phone|ph|mobile|mob|telephone|tel|fax|cell)( number| no| num)?( \d)?{_OF_WHOM}",
            rf"{_WHOSE}contact (number|no|num|tel|phone)( \d)?{_OF_WHOM}",
        ),
    ),
    (
        "name",
        (
            rf"{_WHOSE}(first|fore|given|sur|last|family|middle|full|maiden|nick|preferred|christian)? ?names?"
            rf"{_OF_WHOM}",
            rf"{_WHOSE}(first |last |full |sur )?names?",
            r"forename|surname|initials",
            _PERSON_ROLES,
        ),
    ),
    (
        "address",
        (
            rf"(\w+ )*(address|addr)( line)?( \d)?{_OF_WHOM}",
            r"street( name| address)?|house (number|name|no)|flat (number|no)|building (number|name)",
            rf"{_WHOSE}(home |current |previous )?(post ?code|postal code|zip( code)?|uprn){_OF_WHOM}",
        ),
    ),
    ("date of birth", (rf"{_WHOSE}(dob|d o b|date of birth|birth ?date|birthday|born( on)?){_OF_WHOM}",)),
    ("exact age", (rf"{_WHOSE}(age|age (years|in years|at \w+)|exact age){_OF_WHOM}",)),
    (
        "NHS or other personal number",
        (
            r"nhs( number| no| num| id)?|chi( number| no)?|hospital (number|no|id)|mrn|patient (id|number|no)",
            r"national insurance( number| no)?|ni (number|no)|nino|passport( number| no)?",
            r"driving licen[cs]e( number| no)?|pnc( id| number| no)?|vrm|vehicle reg(istration)?( number| no)?",
            r"number plate|ip address",
        ),
    ),
    (
        "free text",
        (
            r"(\w+ )*(notes?|narratives?|descriptions?|comments?|details?|remarks|summary|circumstances)",
            r"free ?text|what happened|additional information|observations|log|text|story|account|statement",
        ),
    ),
)


def personal_data_category(heading: str) -> str | None:
    """The kind of personal data a column heading announces, or None."""
    said = words(heading)
    for category, patterns in PERSONAL_DATA_PATTERNS:
        if any(re.fullmatch(pattern, said) for pattern in patterns):
            return category
    return None


def personal_data_columns(header: Sequence[str], format_positions: set[int]) -> dict[int, str]:
    """Positions of the columns outside the format whose headings announce personal data, with the category."""
    found = {}
    for position, heading in enumerate(header):
        if position in format_positions:
            continue
        category = personal_data_category(heading)
        if category is not None:
            found[position] = category
    return found


def refusal_warning(header: Sequence[str], refused: dict[int, str]) -> str:
    """The warning naming each refused column and what it looked like."""
    named = ", ".join(f"{header[position]!r} ({category})" for position, category in sorted(refused.items()))
    return f"Warning: personal data refused, these columns were dropped and never stored: {named}"


def withhold_personal_columns(table: CsvRows, used: set[int]) -> list[str]:
    """Blank the values of personal-data columns out of every row's text (the text a reject keeps); returns the
    warning naming those columns, if any.

    For files such as population and lookups, which carry no personal data by design: a column whose heading
    says it does is never stored, and its values are not kept in ``rejects.raw`` either. A line that could not
    be split into columns then keeps no text.
    """
    refused = personal_data_columns(table.header, used)
    if not refused:
        return []
    for record in table.records:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(
            ["[not stored]" if at in refused and value else value for at, value in enumerate(record.values)]
        )
        record.raw = buffer.getvalue()
    table.rejects[:] = [Reject(reject.line, reject.reason, None) for reject in table.rejects]
    return [refusal_warning(table.header, refused)]
