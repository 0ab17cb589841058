"""The LMS's roster: the CSV the instructor exports from Canvas or Moodle, matched to the kit's student ids.

The kit's student id comes from the hand-in's file name (coursekit.handin)
or the exchange's user name. An LMS row matches a kit id when one of its
identities equals it, ignoring case: for Canvas the ID, SIS User ID and SIS
Login ID, and the name as Canvas writes it in download file names
("Smith, Jane" -> smithjane); for Moodle the participant number
("Participant 12345", as in the download's folder names), the ID number,
the email address and the part of it before the @.
"""
import csv
import re
from dataclasses import dataclass, field


class RosterError(ValueError):
    """The roster file is not one the kit knows; the message says what it expected."""


def read_csv(path):
    """The rows of a CSV file as (header, [dict]), without a byte-order mark."""
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.DictReader(file)
        rows = [row for row in reader if any((value or "").strip() for value in row.values())]
        return list(reader.fieldnames or []), rows


def squashed(name):
    """A name as Canvas writes it in download file names: lower case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Match:
    """Which roster row is which kit student.

    rows: {kit id: roster row}; unknown: kit ids no roster row matches;
    ambiguous: {kit id: [roster rows]} that match several rows (not exported).
    """

    rows: dict = field(default_factory=dict)
    unknown: list = field(default_factory=list)
    ambiguous: dict = field(default_factory=dict)


def match(roster, kit_ids, identities):
    """Match the kit's student ids to roster rows.

    roster: [dict] rows; identities(row) -> the strings that identify that row.
    """
    result = Match()
    keys = [{identity.lower() for identity in identities(row) if identity} for row in roster]
    for kit_id in kit_ids:
        found = [row for row, row_keys in zip(roster, keys) if kit_id.lower() in row_keys]
        if len(found) == 1:
            result.rows[kit_id] = found[0]
        elif found:
            result.ambiguous[kit_id] = found
        else:
            result.unknown.append(kit_id)
    return result


def report_lines(matched, scores, lms):
    """Lines for the instructor about the kit students the export could not place.

    scores: {kit id: {exercise: points or None}}.
    """
    lines = []
    if matched.unknown:
        lines.append(f"Not in the {lms} roster, so not in the file ({len(matched.unknown)}); enter these by hand "
                     "or add the student to the roster:")
        lines += [f"  {kit_id}: {_points(scores.get(kit_id, {}))}" for kit_id in matched.unknown]
    if matched.ambiguous:
        lines.append(f"Matching more than one {lms} roster row, so not in the file ({len(matched.ambiguous)}):")
        lines += [f"  {kit_id}: {len(rows)} rows" for kit_id, rows in matched.ambiguous.items()]
    return lines


def _points(by_exercise):
    from coursekit.results import points

    shown = [f"{exercise} {points(score)}" for exercise, score in by_exercise.items() if score is not None]
    return ", ".join(shown) if shown else "no points"
