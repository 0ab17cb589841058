"""Importing hand-ins: folders and zips of notebooks into submitted/<student>/<exercise>/.

Each test builds a hand-in folder or zip in a temporary directory, imports
it into a temporary copy of the course, and checks what landed where, what
was reported, and that the hand-ins themselves were not changed.
"""
import hashlib
import subprocess
import sys
import zipfile

import pytest

from coursekit.course import Course, CourseError
from coursekit.handin import import_handins
from tests.course import REPO, make_course

EX3 = "ex3_backpropagation"
EX1 = "ex1_building_blocks"


def notebook_text(label):
    """A small notebook file's text; `label` makes each one different."""
    return '{"cells": [], "metadata": {"label": "%s"}, "nbformat": 4, "nbformat_minor": 5}\n' % label


@pytest.fixture
def course(tmp_path):
    return Course(make_course(tmp_path, exercises=[EX1, EX3]))


def make_files(folder, names):
    """Write a notebook (or text file) per name into `folder`; returns {name: text}."""
    texts = {}
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        texts[name] = notebook_text(name)
        path.write_text(texts[name])
    return texts


def hashes(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def submitted(course, student, exercise):
    return course.notebook("submitted", student, exercise)


def test_a_folder_of_lms_files_lands_in_nbgraders_layout(course, tmp_path):
    handins = tmp_path / "download"
    texts = make_files(handins, [
        f"alice_{EX3}.ipynb",
        f"smithjane_4421_99813_{EX3}-1.ipynb",  # Canvas style, a resubmission suffix
        f"bob_{EX1}.ipynb",
    ])
    before = hashes(handins)

    result = import_handins(course, [handins])

    assert submitted(course, "alice", EX3).read_text() == texts[f"alice_{EX3}.ipynb"]
    assert submitted(course, "smithjane", EX3).read_text() == texts[f"smithjane_4421_99813_{EX3}-1.ipynb"]
    assert submitted(course, "bob", EX1).read_text() == texts[f"bob_{EX1}.ipynb"]
    assert len(result.imported) == 3 and not result.problems
    assert hashes(handins) == before


def test_a_zip_is_unpacked_and_imported(course, tmp_path):
    zip_path = tmp_path / "ex3_submissions.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr(f"alice_{EX3}.ipynb", notebook_text("a"))
        archive.writestr(f"submissions/bob_{EX3}.ipynb", notebook_text("b"))
        archive.writestr(f"__MACOSX/._alice_{EX3}.ipynb", "resource fork")
    before = zip_path.read_bytes()

    result = import_handins(course, [zip_path])

    assert submitted(course, "alice", EX3).read_text() == notebook_text("a")
    assert submitted(course, "bob", EX3).read_text() == notebook_text("b")
    assert not result.problems and len(result.ignored) == 1
    assert zip_path.read_bytes() == before


def test_names_that_are_not_understood_are_reported_and_not_imported(course, tmp_path):
    handins = tmp_path / "download"
    make_files(handins, [
        f"{EX3}.ipynb",             # no student id
        "carol_Untitled.ipynb",     # no exercise
        f"dave_{EX3}.pdf",          # not a notebook
        f"erin_{EX3}.ipynb",        # fine
        f".ipynb_checkpoints/erin_{EX3}-checkpoint.ipynb",  # Jupyter's own copy
    ])

    result = import_handins(course, [handins])
    report = "\n".join(result.lines())

    assert f"{EX3}.ipynb: the file name has no student id" in report
    assert "carol_Untitled.ipynb: no exercise name in the file name" in report
    assert "--exercise" in report
    assert f"dave_{EX3}.pdf: not a notebook" in report
    assert len(result.problems) == 3
    assert [p.name for p in (course.root / "submitted").iterdir()] == ["erin"]
    assert len(result.ignored) == 1


def test_exercise_option_places_files_without_the_exercise_in_their_name(course, tmp_path):
    handins = tmp_path / "download"
    make_files(handins, ["carol_Untitled.ipynb", f"dave_{EX1}.ipynb"])

    result = import_handins(course, [handins], exercise=EX3)

    assert submitted(course, "carol", EX3).is_file()
    assert not (course.root / "submitted" / "dave").exists()
    assert result.problems == [
        f"{handins / f'dave_{EX1}.ipynb'}: the file is named for {EX1}, but you import {EX3}"
    ]


def test_an_unknown_exercise_option_is_an_error(course, tmp_path):
    with pytest.raises(CourseError, match="not an exercise of this course"):
        import_handins(course, [tmp_path], exercise="ex9_nothing")


def test_two_files_of_one_student_for_one_exercise_are_both_left_out(course, tmp_path):
    handins = tmp_path / "download"
    make_files(handins, [f"alice_{EX3}.ipynb", f"alice_{EX3}-1.ipynb", f"bob_{EX3}.ipynb"])

    result = import_handins(course, [handins])

    assert not submitted(course, "alice", EX3).exists()
    assert submitted(course, "bob", EX3).is_file()
    (problem,) = result.problems
    assert problem.startswith(f"alice / {EX3}: 2 files")
    assert f"alice_{EX3}.ipynb" in problem and f"alice_{EX3}-1.ipynb" in problem
    assert "none imported" in problem


def test_an_existing_hand_in_is_never_overwritten(course, tmp_path):
    first = tmp_path / "first"
    make_files(first, [f"alice_{EX3}.ipynb", f"bob_{EX3}.ipynb"])
    import_handins(course, [first])
    alice = submitted(course, "alice", EX3)
    original = alice.read_text()

    second = tmp_path / "second"
    second.mkdir()
    (second / f"alice_{EX3}.ipynb").write_text(notebook_text("a newer file"))
    (second / f"bob_{EX3}.ipynb").write_text((first / f"bob_{EX3}.ipynb").read_text())
    result = import_handins(course, [second])

    assert alice.read_text() == original
    assert result.unchanged == [f"bob / {EX3}"]
    (problem,) = result.problems
    assert "already exists and differs" in problem and "not imported" in problem
    assert not result.imported


def test_a_custom_pattern_reads_other_file_names(course, tmp_path):
    handins = tmp_path / "download"
    make_files(handins, [f"Alice Smith_12345_assignsubmission_file_/{EX3}.ipynb"])

    result = import_handins(
        course, [handins],
        pattern=r"[^/]*_(?P<student_id>\d+)_assignsubmission_file_/(?P<file_id>[^/]+)\.ipynb",
    )

    assert submitted(course, "12345", EX3).is_file(), result.lines()


def test_a_damaged_zip_is_reported_and_the_rest_imported(course, tmp_path):
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(b"PK\x03\x04 this is not really a zip")
    handins = tmp_path / "download"
    make_files(handins, [f"alice_{EX3}.ipynb"])

    result = import_handins(course, [damaged, handins])

    assert submitted(course, "alice", EX3).is_file()
    assert any(str(damaged) in problem and "cannot be unpacked" in problem for problem in result.problems)


def test_the_import_command_reports_and_a_missing_folder_is_an_error(course, tmp_path):
    handins = tmp_path / "download"
    make_files(handins, [f"alice_{EX3}.ipynb", "bob_Untitled.ipynb"])

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "coursekit", "import", *args, "--course", str(course.root)],
            capture_output=True, text=True, cwd=REPO,
        )

    done = run(str(handins))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 hand-in(s)" in done.stdout
    assert "bob_Untitled.ipynb: no exercise name" in done.stdout

    missing = run(str(tmp_path / "no-such-folder"))
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr


def upload_zip(path, members):
    """A zip at `path` holding {name: text}."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_a_file_in_a_students_upload_never_belongs_to_someone_else(course, tmp_path):
    """alice's upload (a zip in the LMS download) holds a notebook named for bob: it is not filed
    for bob, bob's own hand-in is imported, and the problem is named; a plainly named notebook
    in carol's upload is carol's."""
    download = tmp_path / "download"
    download.mkdir()
    upload_zip(download / f"alice_{EX3}.zip", {f"bob_{EX3}.ipynb": notebook_text("forged")})
    upload_zip(download / "carol_4411_upload.zip", {f"sub/{EX3}.ipynb": notebook_text("carol")})
    make_files(download, [f"bob_{EX3}.ipynb"])
    lms = upload_zip(tmp_path / "lms.zip", {
        name: (download / name).read_bytes() for name in (f"alice_{EX3}.zip", "carol_4411_upload.zip",
                                                           f"bob_{EX3}.ipynb")})

    result = import_handins(course, [lms])

    assert submitted(course, "bob", EX3).read_text() == notebook_text(f"bob_{EX3}.ipynb")
    assert submitted(course, "carol", EX3).read_text() == notebook_text("carol")
    assert not submitted(course, "alice", EX3).exists()
    assert len(result.problems) == 1, result.problems
    assert "inside alice's upload" in result.problems[0] and "named for bob; not imported" in result.problems[0]
