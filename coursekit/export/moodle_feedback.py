"""Moodle: the zip for "Upload multiple feedback files in a zip", one exercise (one Moodle assignment).

Moodle's importer (mod/assign/feedback/file/importziplib.php) reads each
path in the zip as folders named <full name>_<participant id>_<plugin type>_<plugin name>[_],
the form of its own "Download submissions" folders, and files the rest of
the path as that participant's feedback file. So each student's page goes to

    Jane Smith_12345_assignfeedback_file_/ex3_backpropagation.html

The participant ids are per assignment: they come from that assignment's
grading worksheet (its "Identifier" column, "Participant 12345", and its
"Full name"). Enable "Feedback files" in the assignment's settings.
"""
import zipfile

from coursekit.export.moodle import participant
from coursekit.export.roster import match

PLUGIN = "assignfeedback_file"
FULL_NAME = "Full name"


def folder_name(row):
    """The zip folder of one grading-worksheet row; Moodle splits names at '_', so none is kept."""
    name = " ".join((row.get(FULL_NAME) or "").replace("_", " ").split()) or "Participant"
    return f"{name}_{participant(row)}_{PLUGIN}_"


def entries(worksheet, pages):
    """[(path in the zip, page file)] and the Match: one entry per kit student with a page.

    worksheet: the grading worksheet's rows; pages: {kit id: Path of the feedback page}.
    """
    rows = [row for row in worksheet if participant(row)]
    matched = match(rows, sorted(pages), lambda row: [participant(row), *_email(row)])
    return [(f"{folder_name(row)}/{pages[kit_id].name}", pages[kit_id])
            for kit_id, row in sorted(matched.rows.items())], matched


def _email(row):
    email = (row.get("Email address") or "").strip()
    return [email, email.split("@")[0]]


def write_zip(path, zip_entries):
    """Write the zip: each (path in the zip, file) pair."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for inside, page in zip_entries:
            archive.write(page, inside)
