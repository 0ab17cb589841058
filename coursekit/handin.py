"""Import hand-ins: a folder or zip of notebooks into nbgrader's submitted/ folder.

Students hand in their notebook file, and a learning-management system gives
the instructor one folder or zip with everybody's files. This module puts
each file where nbgrader expects it:

    alice_ex3_backpropagation.ipynb  ->  submitted/alice/ex3_backpropagation/ex3_backpropagation.ipynb

It uses the two plugins of nbgrader's `zip_collect`: ExtractorPlugin unpacks
zips (zips inside zips too), and a FileNameCollectorPlugin reads the student
id from each file name with a regular expression with the named group
`(?P<student_id>...)`. The group `(?P<file_id>...)` is the rest of the name,
in which the exercise's name must appear. The default expression takes the
student id from the start of the name, up to the first underscore, so it
understands names such as

    alice_ex3_backpropagation.ipynb
    smithjane_4421_99813_ex3_backpropagation-1.ipynb   (Canvas style)

Set another expression with --pattern, or in nbgrader_config.py as
c.FileNameCollectorPlugin.named_regexp (nbgrader zip_collect's setting).

The import itself is done here rather than by `nbgrader zip_collect`, which
handles one exercise at a time, stops the whole import at the first
duplicate, and with --force deletes a student's earlier hand-in. Here:
- files of all exercises can come in one folder or zip;
- a file whose name is not understood, and every file of a student who
  handed in two files for one exercise, is reported and not imported;
- an existing hand-in is never overwritten: an identical file is skipped,
  a different one is reported;
- a zip inside the download whose name gives a student id (alice_ex3.zip,
  read with the same expression) is that student's upload: the notebooks in
  it are imported for that student, whatever their own names say. One whose
  name says another student (bob_ex3_backpropagation.ipynb inside
  alice_ex3.zip) is not imported and is reported: a student's upload never
  files a hand-in for anyone else;
- the instructor's folder or zip is only read, never changed.
"""
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import Unicode

from coursekit.course import CourseError
from coursekit.unpack import QUIET_LOG, extract

DEFAULT_PATTERN = r"(?:.*/)?(?P<student_id>[A-Za-z0-9][A-Za-z0-9.@-]*)_(?P<file_id>[^/]*)\.ipynb$"
"""<student>_<anything with the exercise name>.ipynb, in any folder."""

VALID_STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")
"""What a student id may look like: it becomes a folder name in submitted/."""



class HandinCollector(FileNameCollectorPlugin):
    """nbgrader's file-name collector with this kit's default expression."""

    named_regexp = Unicode(DEFAULT_PATTERN, help=FileNameCollectorPlugin.named_regexp.help).tag(config=True)


@dataclass
class ImportResult:
    """What an import did: each list holds one plain sentence per file or hand-in."""

    imported: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    ignored: list = field(default_factory=list)
    placed: list = field(default_factory=list)  # (student, exercise, name in the download) now in submitted/

    def lines(self):
        """The report for the instructor, as lines of text."""
        lines = [f"Imported {len(self.imported)} hand-in(s) into submitted/."]
        if self.unchanged:
            lines.append(f"{len(self.unchanged)} hand-in(s) were imported before and are unchanged.")
        if self.ignored:
            lines.append(f"Ignored {len(self.ignored)} system file(s), e.g. {self.ignored[0]}.")
        if self.problems:
            lines.append(f"Not imported ({len(self.problems)}):")
            lines.extend(f"  {problem}" for problem in self.problems)
        return lines


def import_handins(course, sources, exercise=None, pattern=None):
    """Import the hand-in folders, zips or notebooks `sources` into `course`.

    course: a coursekit.course.Course.
    exercise: the exercise of files whose name does not say it (optional).
    pattern: a regular expression for the file names (see the module docstring).
    Returns an ImportResult. Raises CourseError for a missing source or an
    unknown exercise.
    """
    sources = [Path(source) for source in sources]
    for source in sources:
        if not source.exists():
            raise CourseError(f"{source}: no such file or folder")
    exercises = course.exercises
    if exercise is not None and exercise not in exercises:
        raise CourseError(f"--exercise {exercise}: not an exercise of this course ({', '.join(exercises)})")
    settings = {"named_regexp": pattern} if pattern else {}
    collector = HandinCollector(config=course.coursedir.config, log=QUIET_LOG, **settings)

    result = ImportResult()
    with tempfile.TemporaryDirectory(prefix="coursekit-handin-") as scratch:
        files = []
        for number, source in enumerate(sources):
            files.extend(extract(source, Path(scratch) / str(number), result))
        handins = []
        for handin in files:
            if handin.upload and not _identify_upload(handin, collector, exercises, result):
                continue
            if _identify(handin, collector, exercises, exercise, result):
                handins.append(handin)
        for handin in _without_duplicates(handins, result):
            _copy_into_course(handin, course, result)
    return result


def _identify_upload(handin, collector, exercises, result):
    """For a file inside a student's upload (a zip inside the download): its student is the
    upload's. Returns False (and reports it) when the file's own name says another student
    (<student>_<exercise>.ipynb with another student)."""
    owner = (collector.collect(os.path.splitext(handin.upload)[0] + ".ipynb") or {}).get("student_id")
    if not owner or not VALID_STUDENT_ID.fullmatch(owner):
        return True  # not one student's upload (a zip of the class): each file by its own name
    own = collector.collect(handin.inside.split("/")[-1]) or {}
    named = own.get("student_id") if any(ex.lower() in own.get("file_id", "").lower() for ex in exercises) else None
    if named and named != owner:
        result.problems.append(
            f"{handin.shown_as}: inside {owner}'s upload {handin.upload}, but named for {named}; "
            f"not imported (a file in a student's upload is theirs only). Look at it by hand."
        )
        return False
    handin.owner = owner
    return True


def _identify(handin, collector, exercises, forced_exercise, result):
    """Fill in the student and exercise of `handin`; on a problem report it and return False."""
    name = handin.file.name
    if handin.file.suffix != ".ipynb":
        result.problems.append(f"{handin.shown_as}: not a notebook (.ipynb)")
        return False
    named = [ex for ex in exercises if ex.lower() in name.lower()]
    info = collector.collect(handin.inside)
    if handin.owner:  # in a student's upload: theirs; the exercise from the file's or the upload's name
        named = named or [ex for ex in exercises if ex.lower() in handin.upload.lower()]
        info = {"student_id": handin.owner, "file_id": name if named else ""}
    if not info or "student_id" not in info:
        example = f"alice_{named[0] if named else exercises[0] if exercises else 'exercise'}.ipynb"
        result.problems.append(
            f"{handin.shown_as}: file name not understood (expected <student>_<exercise>.ipynb, "
            f"e.g. {example})"
        )
        return False
    student = info["student_id"]
    named_in_file_id = [ex for ex in exercises if ex.lower() in info.get("file_id", "").lower()]
    if named and not named_in_file_id:
        result.problems.append(
            f"{handin.shown_as}: the file name has no student id "
            f"(expected <student>_<exercise>.ipynb, e.g. alice_{named[0]}.ipynb)"
        )
        return False
    if not VALID_STUDENT_ID.fullmatch(student):
        result.problems.append(f"{handin.shown_as}: {student!r} cannot be a student id")
        return False
    if len(named_in_file_id) > 1:
        result.problems.append(
            f"{handin.shown_as}: the name fits more than one exercise ({', '.join(named_in_file_id)})"
        )
        return False
    if named_in_file_id:
        exercise = named_in_file_id[0]
        if forced_exercise and exercise != forced_exercise:
            result.problems.append(
                f"{handin.shown_as}: the file is named for {exercise}, but you import {forced_exercise}"
            )
            return False
    elif forced_exercise:
        exercise = forced_exercise
    else:
        result.problems.append(
            f"{handin.shown_as}: no exercise name in the file name ({', '.join(exercises)}); "
            "if all these files are for one exercise, say which with --exercise"
        )
        return False
    handin.student, handin.exercise = student, exercise
    return True


def _without_duplicates(handins, result):
    """The hand-ins of which each student handed in one file per exercise.

    Where a student handed in several files for one exercise, none of them is
    imported: only the instructor can tell which one counts.
    """
    by_key = {}
    for handin in handins:
        by_key.setdefault((handin.student, handin.exercise), []).append(handin)
    unique = []
    for (student, exercise), group in by_key.items():
        if len(group) == 1:
            unique.append(group[0])
        else:
            names = ", ".join(handin.shown_as for handin in group)
            result.problems.append(
                f"{student} / {exercise}: {len(group)} files ({names}); none imported. "
                "Keep the one to grade and import again."
            )
    return unique


def _copy_into_course(handin, course, result):
    """Copy one hand-in to submitted/<student>/<exercise>/<exercise>.ipynb, never overwriting."""
    target = course.notebook("submitted", handin.student, handin.exercise)
    shown_target = course.relative(target)
    if target.exists():
        if target.read_bytes() == handin.file.read_bytes():
            result.unchanged.append(f"{handin.student} / {handin.exercise}")
            result.placed.append((handin.student, handin.exercise, handin.inside))
        else:
            result.problems.append(
                f"{handin.student} / {handin.exercise}: {shown_target} already exists and differs "
                f"from {handin.shown_as}; not imported. To grade the new file instead, move "
                f"{course.relative(target.parent)} away and import again."
            )
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.importing")
    shutil.copyfile(handin.file, partial)
    partial.replace(target)
    result.placed.append((handin.student, handin.exercise, handin.inside))
    result.imported.append(f"{handin.student} / {handin.exercise}: {handin.shown_as}")
