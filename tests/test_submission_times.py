"""`python -m coursekit import --times`: the LMS's submission times become nbgrader's timestamp.txt."""
import subprocess
import sys

from tests.course import REPO, make_course

EX1 = "ex1_building_blocks"
MOODLE_PATTERN = r"[^/]*_(?P<student_id>\d+)_assignsubmission_file_/(?P<file_id>[^/]+)\.ipynb"


def test_moodle_download_with_its_grading_worksheet(tmp_path):
    """Each hand-in gets its time from the worksheet, in the course's time zone; one without a time is named."""
    course = make_course(tmp_path, [EX1])
    with open(course / "nbgrader_config.py", "a") as config:
        config.write('\nc.Deadlines.timezone = "Europe/Amsterdam"\n')
    download = tmp_path / "moodle"
    release = (REPO / "release" / EX1 / f"{EX1}.ipynb").read_text()
    for folder in ("Jane Smith_12345_assignsubmission_file_", "Bob Brown_12346_assignsubmission_file_",
                   "Carol Lee_12347_assignsubmission_file_"):
        (download / folder).mkdir(parents=True)
        (download / folder / f"{EX1}.ipynb").write_text(release)
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(
        "Identifier,Full name,Email address,Status,Grade,Maximum grade,Grade can be changed,"
        "Last modified (submission),Last modified (grade),Feedback comments\n"
        'Participant 12345,Jane Smith,jane@example.org,Submitted,,7.00,Yes,"Monday, 5 October 2026, 11:58 PM",-,\n'
        'Participant 12346,Bob Brown,bob@example.org,Submitted,,7.00,Yes,"Tuesday, 6 October 2026, 12:03 AM",-,\n'
        "Participant 12347,Carol Lee,carol@example.org,Submitted,,7.00,Yes,-,-,\n")

    result = subprocess.run(
        [sys.executable, "-m", "coursekit", "import", str(download), "--pattern", MOODLE_PATTERN,
         "--times", str(worksheet), "--course", str(course)],
        capture_output=True, text=True, cwd=REPO, timeout=300)

    assert result.returncode == 0, result.stderr
    assert "Imported 3 hand-in(s)" in result.stdout
    assert f"{worksheet}: 2 written to timestamp.txt" in result.stdout
    assert f"No time in worksheet.csv for 1 hand-in(s), which count as on time: 12347 / {EX1}" in result.stdout
    stamp = course / "submitted" / "12346" / EX1 / "timestamp.txt"
    assert stamp.read_text() == "2026-10-05 22:03:00.000000 UTC\n"  # 00:03 in Amsterdam (UTC+2)
    assert not (course / "submitted" / "12347" / EX1 / "timestamp.txt").exists()


def test_a_times_file_of_another_kind_is_refused_plainly(tmp_path):
    course = make_course(tmp_path, [EX1])
    handin = tmp_path / f"alice_{EX1}.ipynb"
    handin.write_text((REPO / "release" / EX1 / f"{EX1}.ipynb").read_text())
    times = tmp_path / "times.csv"
    times.write_text("name,when\nalice,yesterday\n")
    result = subprocess.run(
        [sys.executable, "-m", "coursekit", "import", str(handin), "--times", str(times), "--course", str(course)],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 2
    assert "expected Moodle's grading worksheet" in result.stderr
