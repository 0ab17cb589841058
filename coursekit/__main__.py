"""The kit's commands: python -m coursekit <command>.

For the instructor, in the kit's folder (the course folder):

    python -m coursekit import HANDINS...   put hand-ins (folders, zips, notebooks) into submitted/
    python -m coursekit grade [HANDINS...]  import HANDINS if given, then grade everything in
                                            submitted/: grades.csv, feedback/, a summary
                                            (--workers N at once, --scheduler tcp://HOST:8786 on
                                            a Dask cluster, --regrade to redo graded ones)
    python -m coursekit export LMS FILE --roster ROSTER
                                            the grades for Canvas or Moodle, or Moodle's feedback zip

    python -m coursekit release             generate release/ from source/ (`make release`); an
                                            exercise whose release notebook was changed is left alone

For the student:

    python -m coursekit work                copy each exercise to work/<exercise>/ to work in
                                            (never overwrites; `make release` never touches work/)

    python -m coursekit check NOTEBOOK      run the notebook in a fresh kernel and list its checks

What the class did (grade writes the report too):

    python -m coursekit report              write class_report.html (and .csv) from the last grading
    python -m coursekit similarity EXERCISE list the pairs of hand-ins whose own code is most alike

Exit status: 0 when the command did its job (grading a class with problems
is a job done: the summary lists them), 1 when `check` found a failure,
2 when the command could not run (a missing file, a course not set up).
"""
import argparse
import sys
from pathlib import Path

from coursekit import term
from coursekit.course import Course, CourseError
from coursekit.environment import use_grading_environment
from coursekit.export.command import export
from coursekit.grading import grade_all, recorded_outcomes
from coursekit.handin import import_handins
from coursekit.release import generate, working_copies
from coursekit.report import grade_table, summary_lines
from coursekit.reporting import similarity_lines, write_class_report
from coursekit.selfcheck import NotebookUnreadable, check_notebook, report_lines
from coursekit.timestamps import import_times


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    handin_options = argparse.ArgumentParser(add_help=False)
    handin_options.add_argument("--course", default=".", help="the course folder (default: the current folder)")
    handin_options.add_argument("--exercise", help="the exercise of hand-ins whose file name does not say it")
    handin_options.add_argument(
        "--pattern",
        help="regular expression for hand-in file names, with the named group (?P<student_id>...) "
             "and optionally (?P<file_id>...) (default: <student>_<exercise>.ipynb)",
    )

    importing = commands.add_parser(
        "import", parents=[handin_options], help="import hand-ins into submitted/",
        description="Put each hand-in at submitted/<student>/<exercise>/<exercise>.ipynb. "
                    "Never overwrites: an identical file is skipped, a different one reported.",
    )
    importing.add_argument("handins", nargs="+", metavar="HANDINS", help="folders, zip files or notebooks")
    importing.add_argument("--times", type=Path,
                           help="the LMS's submission times for these hand-ins (Moodle's grading worksheet "
                                "CSV or Canvas's submissions JSON): written to timestamp.txt beside each")

    grading = commands.add_parser(
        "grade", parents=[handin_options], help="import hand-ins (if given), then grade everything",
        description="Autograde every hand-in in submitted/, write the grade table and a feedback "
                    "page per hand-in, and print a summary.",
    )
    grading.add_argument("handins", nargs="*", metavar="HANDINS",
                         help="folders, zip files or notebooks to import first")
    grading.add_argument("--csv", default="grades.csv",
                         help="where to write the grade table (default: grades.csv in the course folder)")
    grading.add_argument("--workers", type=int, default=None,
                         help="how many hand-ins to grade at once (default: one per CPU core)")
    grading.add_argument("--scheduler", metavar="tcp://HOST:8786",
                         help="grade on the Dask cluster of this scheduler, one task per hand-in "
                              "(needs a PostgreSQL gradebook; README: 'Grading on a cluster')")
    grading.add_argument("--students", default="*",
                         help="grade only the students whose id matches this pattern, e.g. '[a-m]*' "
                              "(to share a class between machines; default: all)")
    grading.add_argument("--exercises", default="*",
                         help="grade only the exercises whose name matches this pattern, e.g. "
                              "ex3_backpropagation (default: all)")
    grading.add_argument("--regrade", action="store_true",
                         help="grade again the hand-ins that were graded before and have not changed")

    reporting = commands.add_parser(
        "report", help="write the class report from the last grading",
        description="Write class_report.html (one page: scores, checks the class failed and why, hand-ins to "
                    "look at, hand-ins that look alike) and class_report.csv (the per-check numbers).",
    )
    reporting.add_argument("--course", default=".", help="the course folder (default: the current folder)")

    alike = commands.add_parser(
        "similarity", help="list the pairs of hand-ins whose own code is most alike",
        description="Print the pairs of students whose solution code shares the most rare code, one pair per "
                    "line (score, the two students), most alike first. A pair is a pointer for you to look at, "
                    "not a verdict; it changes no score.",
    )
    alike.add_argument("exercise", help="the exercise, e.g. ex3_backpropagation")
    alike.add_argument("--course", default=".", help="the course folder (default: the current folder)")
    alike.add_argument("--top", type=int, default=None, help="print only this many pairs (default: all)")

    exporting = commands.add_parser(
        "export", help="write the grades (or Moodle feedback) for your LMS",
        description="Write a file your LMS imports: the grades from the gradebook, for the students in the "
                    "roster you exported from the LMS. Students the roster does not have are listed.",
    )
    exporting.add_argument("lms", choices=["canvas", "moodle", "moodle-feedback"],
                           help="canvas: gradebook import CSV; moodle: grade import CSV; moodle-feedback: "
                                "a zip for \"Upload multiple feedback files in a zip\" (one exercise)")
    exporting.add_argument("file", type=Path, help="the file to write")
    exporting.add_argument("--roster", type=Path, required=True,
                           help="the roster from the LMS: Canvas's gradebook export; Moodle's gradebook "
                                "export or (for moodle-feedback, required) the assignment's grading worksheet")
    exporting.add_argument("--zero-missing", action="store_true",
                           help="write 0 for a student without a grade (default: an empty cell)")
    exporting.add_argument("--exercise", help="moodle-feedback: the exercise of this Moodle assignment")
    exporting.add_argument("--course", default=".", help="the course folder (default: the current folder)")

    commands.add_parser(
        "release", help="generate release/ from source/, never over a changed notebook",
        description="nbgrader generate_assignment for every exercise, except where the release "
                    "notebook was changed since it was generated.",
    ).add_argument("--course", default=".", help="the course folder (default: the current folder)")
    commands.add_parser(
        "work", help="copy the student notebooks to work/ to work in",
        description="Copy release/<exercise>/ to work/<exercise>/ where there is no copy yet.",
    ).add_argument("--course", default=".", help="the course folder (default: the current folder)")

    checking = commands.add_parser(
        "check", help="check your notebook before you hand it in",
        description="Run the notebook in a fresh kernel and list its checks; exit status 1 if one fails.",
    )
    checking.add_argument("notebook", type=Path, help="your notebook, e.g. ex3_backpropagation.ipynb")

    args = parser.parse_args(argv)
    use_grading_environment()
    try:
        if args.command == "check":
            return check(args)
        course = Course(args.course)
        if args.command == "report":
            return report(course, recorded_outcomes(course))
        if args.command == "similarity":
            print("\n".join(similarity_lines(course, args.exercise, args.top)))
            return 0
        if args.command == "export":
            print("\n".join(export(course, args.lms, args.file, args.roster, args.zero_missing, args.exercise)))
            return 0
        if getattr(args, "times", None) and not args.times.is_file():
            raise CourseError(f"--times {args.times}: no such file")
        if args.command in ("release", "work"):
            return release_or_work(course, args.command)
        if args.handins:
            imported = import_handins(course, args.handins, exercise=args.exercise, pattern=args.pattern)
            print("\n".join(imported.lines()))
            if getattr(args, "times", None):
                print("\n".join(submission_times(course, imported, args.times)))
        if args.command == "grade":
            return grade(course, Path(course.root, args.csv), args.workers, args.regrade, args.students,
                         args.exercises, args.scheduler)
        return 0
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Stopped. What was graded is kept: run the same command again to grade the rest.", file=sys.stderr)
        return 130


def grade(course, csv_path, workers=None, regrade=False, students="*", exercises="*", scheduler=None):
    """Grade the course's hand-ins (on the Dask cluster of `scheduler`), write the grade table, print the summary."""
    outcomes = grade_all(course, workers=workers, regrade=regrade, students=students, exercises=exercises,
                         scheduler=scheduler)
    table = grade_table(course, outcomes)
    table.write_csv(csv_path)
    print("\n".join(summary_lines(course, table, outcomes, csv_path)))
    whole_class = students == "*" and exercises == "*"
    return report(course, outcomes if whole_class else recorded_outcomes(course))


def report(course, outcomes):
    """Write the class report of `outcomes` and say where it is."""
    html_path, csv_path = write_class_report(course, outcomes)
    print(f"Class report:     {course.relative(html_path)} (per check: {course.relative(csv_path)})")
    return 0


def submission_times(course, imported, path):
    """Write the LMS's submission times beside the imported hand-ins; lines to print."""
    try:
        return import_times(course, imported.placed, path, term.settings(course).zone())
    except ValueError as error:  # TimesFileError, or a time zone that cannot be read
        raise CourseError(str(error)) from None


def release_or_work(course, command):
    """`release`: generate release/ (exit status 1 if an exercise was left alone); `work`: copies."""
    if command == "work":
        print("\n".join(working_copies(course)))
        return 0
    lines, ok = generate(course)
    if lines:
        print("\n".join(lines), file=sys.stderr)
    return 0 if ok else 1


def check(args):
    """The student's self-check of one notebook."""
    print(f"Checking {args.notebook}: running it from the top in a fresh kernel ...")
    try:
        checks, errors = check_notebook(args.notebook)
    except NotebookUnreadable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    lines, ok = report_lines(checks, errors)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
