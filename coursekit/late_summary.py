"""Late hand-ins in the grade table's extra columns and in the summary after grading.

Data in (coursekit.late.Lateness per late hand-in), rows and lines of text out.
"""
from coursekit import term
from coursekit.late import describe_duration
from coursekit.results import Status, points


def late_columns(exercises, late):
    """The grade table's late columns: (header, cells) where cells(student) gives that row's cells.

    Four columns per exercise with at least one late hand-in:
    '<exercise> hours late', '<exercise> extension', '<exercise> raw score', '<exercise> penalty'.
    """
    late_exercises = [ex for ex in exercises if any(e == ex for _, e in late)]
    header = [f"{ex} {what}" for ex in late_exercises
              for what in ("hours late", "extension", "raw score", "penalty")]

    def cells(student):
        row = []
        for exercise in late_exercises:
            lateness = late.get((student, exercise))
            if lateness is None:
                row += ["", "", "", ""]
            else:
                row += [f"{lateness.seconds_late / 3600:.2f}", _extension(lateness),
                        points(lateness.raw_score), points(lateness.penalty)]
        return row

    return header, cells


def _extension(lateness):
    if not lateness.extension:
        return ""
    return describe_duration(lateness.extension.total_seconds())


def late_line(lateness):
    """One summary line for a late hand-in.

    For example 'bob / ex1_building_blocks: 1 day 2 hours late (after an extension of 2 days):
    7 points, penalty 0.7, final 6.3'.
    """
    how_late = describe_duration(lateness.seconds_late) + " late"
    if lateness.extension:
        how_late += f" (after an extension of {_extension(lateness)})"
    if not lateness.counted:
        return f"{lateness.student} / {lateness.exercise}: {how_late}, within the grace minutes: no penalty"
    if lateness.penalty:
        cost = (f"{points(lateness.raw_score)} points, penalty {points(lateness.penalty)}, "
                f"final {points(lateness.final_score)}")
    else:
        cost = f"{points(lateness.raw_score)} points, no penalty"
    return f"{lateness.student} / {lateness.exercise}: {how_late}: {cost}"


def late_lines(course, table, outcomes):
    """The summary's lines about lateness: the late hand-ins, and hand-ins without a time.

    Says nothing when the course has no due dates and nothing was late.
    """
    lines = []
    late = sorted(table.late.values(), key=lambda lateness: (lateness.student, lateness.exercise))
    if late:
        lines += ["", f"Late hand-ins ({len(late)}):", *("  " + late_line(lateness) for lateness in late)]
    due = set(term.settings(course).due_dates)
    graded = [(o.student, o.exercise) for o in outcomes if o.status is Status.GRADED and o.exercise in due]
    untimed = len(graded) - term.timed(course, graded)
    if untimed:
        lines += ["", f"{untimed} graded hand-in(s) of exercises with a due date have no time "
                      f"({term.TIMESTAMP_FILE}), so they count as on time. Import LMS downloads with "
                      "--times (see the README)."]
    return lines
