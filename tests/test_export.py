"""Grades and feedback for the LMS (coursekit.export), built on the LMS's own file formats.

The roster samples below are written down from the LMSs' documentation and source:

- Canvas gradebook export/import: the columns Student, ID, SIS User ID, SIS
  Login ID, Section, one "<assignment> (<id>)" column per assignment, the
  read-only score columns, and the "Points Possible" second row
  (Canvas Instructor Guide, "How do I export grades in the Gradebook?" and
  "How do I import grades in the Gradebook?", community.canvaslms.com; the
  required columns summarised at
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades).
- Moodle gradebook export, plain text file (https://docs.moodle.org/en/Grade_export):
  First name, Last name, ID number, Institution, Department, Email address,
  "<type>: <item> (Real)", "Course total (Real)", "Last downloaded from this course".
  Moodle's CSV grade import maps "Email address" to useremail
  (https://docs.moodle.org/311/en/Grade_import).
- Moodle grading worksheet (mod/assign, offline grading worksheet): the column
  names are the language strings of mod/assign/lang/en/assign.php: 'recordid'
  "Identifier" with 'hiddenuser' "Participant " before the number, "Full name",
  "Email address", "Status", "Grade", "Maximum grade", "Grade can be changed",
  'lastmodifiedsubmission' "Last modified (submission)", 'lastmodifiedgrade'
  "Last modified (grade)", "Feedback comments"; dates by userdate(), e.g.
  "Monday, 5 October 2026, 11:59 PM".
- Moodle feedback zip: mod/assign/feedback/file/importziplib.php reads folders
  named fullname_participantid_plugintype_pluginname[_].
"""
import csv
import io
import json
import zipfile

from coursekit.export import canvas, moodle, moodle_feedback
from coursekit.export.roster import report_lines
from coursekit.timestamps import read_times_file, time_of

EX1, EX3 = "ex1_building_blocks", "ex3_backpropagation"

CANVAS_EXPORT = """\
Student,ID,SIS User ID,SIS Login ID,Section,ex1_building_blocks (123456),Homework 0 (123400),Current Points,Final Points,Current Score,Unposted Current Score,Final Score,Unposted Final Score
    Points Possible,,,,,7.00,10.00,(read only),(read only),(read only),(read only),(read only),(read only)
"Smith, Jane",4421,S1001,jsmith,Sioux DNN 2026,,10.00,10.00,10.00,100.00,100.00,58.82,58.82
"O'Brien, Bob",4422,S1002,bobrien,Sioux DNN 2026,,8.00,8.00,8.00,80.00,80.00,47.06,47.06
"Lee, Carol",4423,S1003,clee,Sioux DNN 2026,,,,,,,,
"""

MOODLE_GRADEBOOK_EXPORT = """\
First name,Last name,ID number,Institution,Department,Email address,Assignment: ex1_building_blocks (Real),Course total (Real),Last downloaded from this course
Jane,Smith,S1001,,,jane.smith@example.org,-,-,1790000000
Bob,O'Brien,S1002,,,bob.obrien@example.org,-,-,1790000000
Carol,Lee,S1003,,,carol.lee@example.org,-,-,1790000000
"""

MOODLE_WORKSHEET = """\
Identifier,Full name,Email address,Status,Grade,Maximum grade,Grade can be changed,Last modified (submission),Last modified (grade),Feedback comments
Participant 12345,Jane Smith,jane.smith@example.org,Submitted for grading,,16.00,Yes,"Monday, 5 October 2026, 11:58 PM",-,
Participant 12346,Bob O'Brien,bob.obrien@example.org,Submitted for grading - 1 day 2 hours late,,16.00,Yes,"Wednesday, 7 October 2026, 2:01 AM",-,
Participant 12347,Carol_Lee,carol.lee@example.org,No submission,,16.00,Yes,-,-,
"""

CANVAS_SUBMISSIONS = [  # GET /api/v1/courses/:course_id/assignments/:assignment_id/submissions (Submissions API)
    {"id": 99813, "user_id": 4421, "assignment_id": 123456, "submitted_at": "2026-10-05T21:58:00Z",
     "late": False, "seconds_late": 0, "workflow_state": "submitted"},
    {"id": 99814, "user_id": 4422, "assignment_id": 123456, "submitted_at": "2026-10-07T00:01:00Z",
     "late": True, "seconds_late": 7320, "workflow_state": "submitted"},
    {"id": 99815, "user_id": 4423, "assignment_id": 123456, "submitted_at": None,
     "late": False, "seconds_late": 0, "workflow_state": "unsubmitted"},
]

SCORES = {  # the kit's students: carol handed in nothing, zed is not in any roster
    "smithjane": {EX1: 7.0, EX3: 12.5},
    "bobrien": {EX1: 5.6, EX3: None},
    "zed": {EX1: 4.0, EX3: None},
}


def parse(text):
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames), list(reader)


def test_canvas_import_has_the_five_columns_the_points_row_and_a_row_per_roster_student():
    header, roster = parse(CANVAS_EXPORT)
    canvas.check_roster(header, "roster.csv")
    table, matched = canvas.rows(header, roster, [EX1, EX3], {EX1: 7, EX3: 16}, SCORES)
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        "ex1_building_blocks (123456)", EX3]
    assert table[1] == ["Points Possible", "", "", "", "", "7", "16"]
    assert table[2:] == [
        ["Smith, Jane", "4421", "S1001", "jsmith", "Sioux DNN 2026", "7", "12.5"],
        ["O'Brien, Bob", "4422", "S1002", "bobrien", "Sioux DNN 2026", "5.6", ""],
        ["Lee, Carol", "4423", "S1003", "clee", "Sioux DNN 2026", "", ""],
    ]
    assert matched.unknown == ["zed"]


def test_canvas_students_without_a_grade_get_zero_only_when_asked():
    header, roster = parse(CANVAS_EXPORT)
    table, _ = canvas.rows(header, roster, [EX1], {EX1: 7}, SCORES, zero_missing=True)
    assert [row[-1] for row in table[2:]] == ["7", "5.6", "0"]


def test_a_kit_student_missing_from_the_roster_is_listed_with_the_points():
    header, roster = parse(CANVAS_EXPORT)
    _, matched = canvas.rows(header, roster, [EX1, EX3], {}, SCORES)
    assert report_lines(matched, SCORES, "Canvas") == [
        "Not in the Canvas roster, so not in the file (1); enter these by hand or add the student to the roster:",
        f"  zed: {EX1} 4",
    ]


def test_a_kit_id_matching_two_roster_rows_is_not_exported():
    header, roster = parse(CANVAS_EXPORT)
    roster[2]["SIS Login ID"] = "smithjane"  # roster[0] is Points Possible; bob's login is jane's squashed name
    table, matched = canvas.rows(header, roster, [EX1], {EX1: 7}, SCORES)
    assert list(matched.ambiguous) == ["smithjane"]
    assert table[2][-1] == "" and table[3][-1] == ""


def test_moodle_import_has_the_email_the_id_number_and_a_column_per_exercise():
    header, roster = parse(MOODLE_GRADEBOOK_EXPORT)
    moodle.check_roster(header, "grades.csv")
    scores = {"jane.smith": {EX1: 7.0}, "S1002": {EX1: 5.6}, "zed": {EX1: 4.0}}
    table, matched = moodle.rows(header, roster, [EX1], scores)
    assert table == [
        ["Email address", "ID number", EX1],
        ["jane.smith@example.org", "S1001", "7"],
        ["bob.obrien@example.org", "S1002", "5.6"],
        ["carol.lee@example.org", "S1003", ""],
    ]
    assert matched.unknown == ["zed"]


def test_moodle_matches_participant_numbers_of_the_grading_worksheet():
    header, roster = parse(MOODLE_WORKSHEET)
    table, matched = moodle.rows(header, roster, [EX3], {"12346": {EX3: 9.0}}, zero_missing=True)
    assert table[0] == ["Email address", EX3]
    assert table[1:] == [["jane.smith@example.org", "0"], ["bob.obrien@example.org", "9"],
                         ["carol.lee@example.org", "0"]]


def test_moodle_feedback_zip_has_moodles_folder_layout(tmp_path):
    _, worksheet = parse(MOODLE_WORKSHEET)
    pages = {}
    for student in ("12345", "12347", "zed"):
        pages[student] = tmp_path / student / f"{EX3}.html"
        pages[student].parent.mkdir()
        pages[student].write_text(f"<p>feedback for {student}</p>")
    entries, matched = moodle_feedback.entries(worksheet, pages)
    moodle_feedback.write_zip(tmp_path / "feedback.zip", entries)
    with zipfile.ZipFile(tmp_path / "feedback.zip") as archive:
        names = archive.namelist()
        assert names == [f"Jane Smith_12345_assignfeedback_file_/{EX3}.html",
                         f"Carol Lee_12347_assignfeedback_file_/{EX3}.html"]
        assert archive.read(names[1]) == b"<p>feedback for 12347</p>"
    for name in names:  # as Moodle's importer splits it: explode('_', $pathpart, 5)
        parts = name.split("/")[0].split("_", 4)
        assert parts[1].isdigit() and parts[2:4] == ["assignfeedback", "file"]
    assert matched.unknown == ["zed"]


def test_moodle_worksheet_times_are_read_in_the_teachers_time_zone(tmp_path):
    from zoneinfo import ZoneInfo

    path = tmp_path / "worksheet.csv"
    path.write_text(MOODLE_WORKSHEET)
    times, problems = read_times_file(path, ZoneInfo("Europe/Amsterdam"))
    assert {key: str(moment) for key, moment in times.items()} == {
        "12345": "2026-10-05 21:58:00", "12346": "2026-10-07 00:01:00"}
    assert problems == []
    assert time_of(times, "12345", "Jane Smith_12345_assignsubmission_file_/ex3_backpropagation.ipynb")


def test_canvas_submission_times_from_the_submissions_api(tmp_path):
    path = tmp_path / "submissions.json"
    path.write_text(json.dumps(CANVAS_SUBMISSIONS))
    times, problems = read_times_file(path, None)
    assert {key: str(moment) for key, moment in times.items()} == {
        "4421": "2026-10-05 21:58:00", "4422": "2026-10-07 00:01:00"}
    # the kit's id is smithjane; Canvas's user id is in the download's file name
    assert str(time_of(times, "smithjane", "smithjane_4421_99813_ex1_building_blocks.ipynb")) == "2026-10-05 21:58:00"
    assert time_of(times, "clee", "clee_4423_99815_ex1_building_blocks.ipynb") is None
