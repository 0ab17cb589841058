"""Canvas: the gradebook import CSV, from the roster Canvas exports.

Canvas's gradebook export (Grades -> Export -> Export Entire Gradebook) is
the roster: its first columns are Student, ID, SIS User ID, SIS Login ID and
Section, its second row may be "Points Possible", and each assignment's
column is named "<name> (<Canvas assignment id>)". Canvas's gradebook
import (Grades -> Import) takes a CSV with those five columns and one column
per assignment: a column named like an existing assignment (with its id)
updates that assignment, a new name makes a new assignment.

rows() writes those five columns, one column per exercise (the existing
Canvas column when the roster has one whose name starts with the exercise
name, so the grades go into that assignment), the "Points Possible" row, and
one row per roster student. An empty cell leaves Canvas's grade as it is.
"""
import re

from coursekit.export.roster import RosterError, match, squashed
from coursekit.results import points

IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
"""The first five columns of Canvas's gradebook export and import, in this order."""

POINTS_POSSIBLE = "Points Possible"


def check_roster(header, path):
    """Raise RosterError unless `header` is that of a Canvas gradebook export."""
    missing = [column for column in IDENTITY if column not in header]
    if missing:
        raise RosterError(f"{path} is not a Canvas gradebook export: it has no column(s) {', '.join(missing)} "
                          "(Grades -> Export -> Export Entire Gradebook)")


def students(roster):
    """The student rows of the roster: those with a Canvas ID (not "Points Possible" or another
    row of settings under the header, such as the posting policy)."""
    return [row for row in roster
            if (row.get("ID") or "").strip() and (row.get("Student") or "").strip() != POINTS_POSSIBLE]


def identities(row):
    """The strings a kit student id may equal for this Canvas row."""
    return [row.get("ID", ""), row.get("SIS User ID", ""), row.get("SIS Login ID", ""),
            squashed(row.get("Student", ""))]


def exercise_columns(header, exercises):
    """{exercise: its column name}: the roster's '<exercise> (<id>)' column if there is one, else the name."""
    columns = {}
    for exercise in exercises:
        existing = [c for c in header if re.fullmatch(re.escape(exercise) + r".*\(\d+\)", c.strip())]
        columns[exercise] = existing[0] if len(existing) == 1 else exercise
    return columns


def rows(header, roster, exercises, maxima, scores, zero_missing=False):
    """The Canvas import CSV as rows (header first), and the Match of kit ids to roster rows.

    header, roster: the roster's column names and rows (read_csv);
    maxima: {exercise: points}; scores: {kit id: {exercise: points or None}};
    zero_missing: write 0 (not an empty cell) for a roster student without a grade.
    """
    roster = students(roster)
    matched = match(roster, sorted(scores), identities)
    by_row = {id(row): kit_id for kit_id, row in matched.rows.items()}
    columns = exercise_columns(header, exercises)
    table = [IDENTITY + [columns[exercise] for exercise in exercises],
             [POINTS_POSSIBLE, "", "", "", ""] + [points(maxima.get(exercise)) for exercise in exercises]]
    for row in roster:
        kit_id = by_row.get(id(row))
        grades = scores.get(kit_id, {}) if kit_id else {}
        cells = []
        for exercise in exercises:
            score = grades.get(exercise)
            cells.append(points(score) if score is not None else ("0" if zero_missing else ""))
        table.append([row.get(column, "") for column in IDENTITY] + cells)
    return table, matched
