"""Moodle: the CSV for its gradebook import, from a roster Moodle exports.

Moodle's grade import (Grades -> Import -> CSV file) reads any CSV: the
instructor maps one column to a user field ("Map from" Email address, "Map to"
useremail) and each other column to a grade item. rows() writes the column
"Email address" (and "ID number" when the roster has one) first, then one
column per exercise, named like the exercise; map each to its assignment.

The roster is either the gradebook export (Grades -> Export -> Plain text
file: "First name", "Last name", "ID number", "Institution", "Department",
"Email address", ...) or an assignment's grading worksheet ("Identifier",
"Full name", "Email address", ...), which also holds the participant
numbers Moodle's downloads use.
"""
from coursekit.export.roster import RosterError, match
from coursekit.results import points

EMAIL = "Email address"
ID_NUMBER = "ID number"
IDENTIFIER = "Identifier"
PARTICIPANT = "Participant "


def check_roster(header, path):
    """Raise RosterError unless `header` has Moodle's "Email address" column."""
    if EMAIL not in header:
        raise RosterError(f"{path} is not a Moodle export: it has no column {EMAIL!r} (Grades -> Export -> "
                          "Plain text file, or an assignment's grading worksheet)")


def participant(row):
    """The participant number of a grading-worksheet row ('Participant 12345' -> '12345'), or ''."""
    identifier = (row.get(IDENTIFIER) or "").strip()
    return identifier[len(PARTICIPANT):].strip() if identifier.startswith(PARTICIPANT) else ""


def identities(row):
    """The strings a kit student id may equal for this Moodle row."""
    email = (row.get(EMAIL) or "").strip()
    return [participant(row), (row.get(ID_NUMBER) or "").strip(), email, email.split("@")[0]]


def rows(header, roster, exercises, scores, zero_missing=False):
    """The Moodle import CSV as rows (header first), and the Match of kit ids to roster rows.

    scores: {kit id: {exercise: points or None}}; zero_missing: 0 instead of an empty cell.
    """
    matched = match(roster, sorted(scores), identities)
    by_row = {id(row): kit_id for kit_id, row in matched.rows.items()}
    identity = [EMAIL] + ([ID_NUMBER] if ID_NUMBER in header else [])
    table = [identity + list(exercises)]
    for row in roster:
        kit_id = by_row.get(id(row))
        grades = scores.get(kit_id, {}) if kit_id else {}
        cells = [points(grades[ex]) if grades.get(ex) is not None else ("0" if zero_missing else "")
                 for ex in exercises]
        table.append([(row.get(column) or "").strip() for column in identity] + cells)
    return table, matched
