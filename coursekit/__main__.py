"""The kit's commands: python -m coursekit <command>.

For the instructor, in the kit's folder (the course folder):

    python -m coursekit import HANDINS...   put hand-ins (folders, zips, notebooks) into submitted/
    python -m coursekit grade [HANDINS...]  import HANDINS if given, then grade everything in
                                            submitted/: grades.csv, feedback/, a summary
                                            (--workers N at once, --scheduler tcp://HOST:8786 on
                                            a Dask cluster, --regrade to redo graded ones)

For the student, before handing in:

    python -m coursekit check NOTEBOOK      run the notebook in a fresh kernel and list its checks

Exit status: 0 when the command did its job (grading a class with problems
is a job done: the summary lists them), 1 when `check` found a failure,
2 when the command could not run (a missing file, a course not set up).
"""
import argparse
import sys
from pathlib import Path

from coursekit.course import Course, CourseError
from coursekit.environment import use_grading_environment
from coursekit.grading import grade_all
from coursekit.handin import import_handins
from coursekit.report import grade_table, summary_lines
from coursekit.selfcheck import NotebookUnreadable, check_notebook, report_lines


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
                         help="grade only the students whose id matches this pattern, e.g. '[a-m]*' (default: all)")
    grading.add_argument("--regrade", action="store_true",
                         help="grade again the hand-ins that were graded before and have not changed")

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
        if args.handins:
            imported = import_handins(course, args.handins, exercise=args.exercise, pattern=args.pattern)
            print("\n".join(imported.lines()))
        if args.command == "grade":
            return grade(course, Path(course.root, args.csv), args.workers, args.regrade, args.students,
                         args.scheduler)
        return 0
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Stopped. What was graded is kept: run the same command again to grade the rest.", file=sys.stderr)
        return 130


def grade(course, csv_path, workers=None, regrade=False, students="*", scheduler=None):
    """Grade the course's hand-ins (on the Dask cluster of `scheduler`), write the grade table, print the summary."""
    outcomes = grade_all(course, workers=workers, regrade=regrade, students=students, scheduler=scheduler)
    table = grade_table(course, outcomes)
    table.write_csv(csv_path)
    print("\n".join(summary_lines(course, table, outcomes, csv_path)))
    return 0


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
