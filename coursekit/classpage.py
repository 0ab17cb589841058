"""The class report as one self-contained HTML page: the summary's numbers, pictures, and look-alike pairs.

render() takes the data (a ClassSummary from coursekit.classreport, the
feedback pages' addresses, the similar pairs from coursekit.similarity) and
returns the page as text. The pictures (coursekit.charts) are embedded as
data URIs and the style sheet is inline, so the page needs no network and
no other file (only the links to the feedback pages point elsewhere).
"""
import base64
import html

from coursekit import charts
from coursekit.classreport import TOP_MESSAGES
from coursekit.results import Status, points

PAIRS_SHOWN = 3
"""How many of an exercise's most alike pairs the page shows side by side."""

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 62em; margin: 1.5em auto;
       padding: 0 1em; color: #212529; line-height: 1.4; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #dee2e6; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.5em; }
.lead { color: #495057; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #dee2e6; padding: 0.25em 0.7em; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
.message { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85em; }
.who { color: #495057; font-size: 0.9em; }
.kind { font-weight: 600; }
.pair { border: 1px solid #dee2e6; border-radius: 6px; padding: 0.5em 0.8em; margin: 0.8em 0; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 0.8em; }
.side pre { background: #f8f9fa; padding: 0.5em; margin: 0.2em 0; overflow-x: auto; white-space: pre-wrap; }
.shared { background: #ffe066; }
.note { background: #fff4e6; border-left: 4px solid #f08c00; padding: 0.4em 0.8em; }
.none { color: #868e96; }
"""


def render(summary, course_id="", when="", links=None, similar=None):
    """The page as HTML text.

    summary: a classreport.ClassSummary. course_id, when: shown in the
    heading. links: {(student, exercise): address of the feedback page}.
    similar: {exercise: [(similarity.Pair, first's Statements, second's Statements)]},
    most alike first (None: not compared).
    """
    links = links or {}
    similar = similar or {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Class report{' - ' + _e(course_id) if course_id else ''}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>What the class did{' in ' + _e(course_id) if course_id else ''}</h1>",
        f'<p class="lead">{len(summary.students)} students, {len(summary.exercises)} exercise(s)'
        f"{', report made ' + _e(when) if when else ''}. Each exercise below shows its scores, which checks "
        "the class failed and why, the hand-ins to look at, and the hand-ins that look alike.</p>",
    ]
    parts += _overview(summary)
    for exercise in summary.exercises:
        parts += _exercise(exercise, summary.students, links, similar.get(exercise.exercise, ()))
    parts.append("</body></html>")
    return "\n".join(parts)


def _e(text):
    return html.escape(str(text))


def _image(png, alt):
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">'


def _overview(summary):
    parts = ['<h2 id="overview">Across the exercises</h2>']
    if len(summary.exercises) > 1:
        names = [exercise.exercise for exercise in summary.exercises]
        percents = {student: [summary.percent(student)[name] for name in names] for student in summary.students}
        parts.append(_image(charts.development(names, percents),
                            "the class's points per exercise: one line per student, the median and middle half"))
    parts.append('<table><tr><th>exercise</th><th class="num">handed in</th><th class="num">graded</th>'
                 '<th class="num">median points</th><th class="num">mean points</th>'
                 '<th class="num">maximum</th><th>hardest check</th></tr>')
    for exercise in summary.exercises:
        scores = sorted(exercise.graded_scores())
        median = charts.quantile(scores, 0.5) if scores else None
        mean = sum(scores) / len(scores) if scores else None
        handed_in = sum(1 for status in exercise.status.values() if status is not Status.NOT_HANDED_IN)
        hardest = exercise.checks[0] if exercise.checks and exercise.checks[0].failed else None
        hardest_text = (f"{_e(hardest.grade_id)} ({100 * hardest.share_passed:.0f}% passed)" if hardest
                        else '<span class="none">none failed</span>')
        parts.append(
            f'<tr><td><a href="#{_e(exercise.exercise)}">{_e(exercise.exercise)}</a></td>'
            f'<td class="num">{handed_in}</td><td class="num">{len(scores)}</td>'
            f'<td class="num">{_points(median)}</td><td class="num">{_points(mean)}</td>'
            f'<td class="num">{_points(exercise.max_score)}</td><td>{hardest_text}</td></tr>')
    parts.append("</table>")
    return parts


def _points(value):
    return "-" if value is None else points(round(value, 1))


def _exercise(exercise, students, links, pairs):
    name = exercise.exercise
    scores = exercise.graded_scores()
    parts = [f'<h2 id="{_e(name)}">{_e(name)}</h2>',
             f'<p class="lead">{len(scores)} hand-in(s) graded, of at most {_points(exercise.max_score)} points.</p>']
    if scores:
        parts.append(_image(charts.score_histogram(scores, exercise.max_score, f"{name}: scores"),
                            f"{name}: how many students got each score"))
    parts += _checks(exercise)
    parts += _attention(exercise)
    parts += _pairs(name, pairs)
    parts += _students(exercise, students, links)
    return parts


def _checks(exercise):
    name = exercise.exercise
    parts = ["<h3>Checks, hardest first</h3>"]
    if not exercise.checks:
        return parts + ['<p class="none">No checks.</p>']
    shown = [(c.grade_id, c.share_passed, c.graded) for c in exercise.checks if c.graded]
    if shown:
        parts.append(_image(charts.check_bars(shown, f"{name}: share of the class that passed each check"),
                            f"{name}: share of the class that passed each check"))
    parts.append('<table><tr><th>check</th><th class="num">points</th><th class="num">passed</th>'
                 "<th>most common failures (how many, who)</th></tr>")
    for check in exercise.checks:
        share = "-" if check.share_passed is None else \
            f"{check.passed} of {check.graded} ({100 * check.share_passed:.0f}%)"
        parts.append(f'<tr><td><code>{_e(check.grade_id)}</code></td><td class="num">{_points(check.points)}</td>'
                     f'<td class="num">{share}</td><td>{_failures(check)}</td></tr>')
    parts.append("</table>")
    return parts


def _failures(check):
    if not check.failures:
        return '<span class="none">-</span>'
    items = [f'<li><span class="message">{_e(f.message)}</span> <span class="who">&mdash; {len(f.students)}: '
             f'{_e(", ".join(f.students))}</span></li>' for f in check.failures[:TOP_MESSAGES]]
    rest = check.failures[TOP_MESSAGES:]
    if rest:
        others = sum(len(f.students) for f in rest)
        items.append(f'<li class="who">{len(rest)} other message(s), {others} hand-in(s)</li>')
    return "<ul>" + "".join(items) + "</ul>"


def _attention(exercise):
    parts = ["<h3>Hand-ins to look at</h3>"]
    if not exercise.attention:
        return parts + ['<p class="none">None: every hand-in was graded without a problem.</p>']
    parts.append("<table><tr><th>what</th><th>student</th><th>why</th></tr>")
    for kind, entries in exercise.attention.items():
        for number, entry in enumerate(entries):
            label = f'<td class="kind" rowspan="{len(entries)}">{_e(kind.value)} ({len(entries)})</td>' \
                if number == 0 else ""
            why = "; ".join(problem.text() for problem in entry.problems)
            parts.append(f"<tr>{label}<td>{_e(entry.student)}</td><td>{_e(why)}</td></tr>")
    parts.append("</table>")
    return parts


def _pairs(name, pairs):
    parts = ["<h3>Hand-ins that look alike</h3>",
             '<p class="note">A pair is a pointer for you to look at, not a verdict: it changes no score. '
             "The score counts the rare code the two share (common right answers count nothing); "
             "marked lines hold it.</p>"]
    if pairs is None:
        return parts + [f'<p class="none">Not compared: the student version release/{_e(name)}/{_e(name)}.ipynb '
                        "is missing (make release writes it).</p>"]
    if not pairs:
        return parts + ['<p class="none">No two hand-ins share rare code.</p>']
    for pair, first, second in pairs[:PAIRS_SHOWN]:
        parts.append(f'<div class="pair"><b>{_e(pair.first)}</b> and <b>{_e(pair.second)}</b>: '
                     f"score {pair.score:g}"
                     f'<div class="side"><div>{_code(first, pair)}</div><div>{_code(second, pair)}</div></div></div>')
    if len(pairs) > PAIRS_SHOWN:
        rest = ", ".join(f"{p.first} & {p.second} ({p.score:g})" for p, _, _ in pairs[PAIRS_SHOWN:PAIRS_SHOWN + 10])
        parts.append(f'<p class="who">Next: {_e(rest)}. All pairs: '
                     f"<code>python -m coursekit similarity {_e(name)}</code></p>")
    return parts


def _code(statements, pair):
    """One student's statements in the cells where the pair shares something, shared lines marked."""
    cells = []
    for statement in statements:
        if statement.fingerprints & pair.shared and statement.cell not in cells:
            cells.append(statement.cell)
    blocks = []
    for cell in cells:
        lines = []
        for statement in statements:
            if statement.cell == cell:
                text = _e(statement.text)
                lines.append(f'<span class="shared">{text}</span>' if statement.fingerprints & pair.shared
                             else text)
        blocks.append(f"<div class=\"who\">{_e(cell)}</div><pre>{chr(10).join(lines)}</pre>")
    return "".join(blocks)


def _students(exercise, students, links):
    parts = ["<h3>Students</h3>",
             '<table><tr><th>student</th><th class="num">points</th><th>status</th><th>feedback</th></tr>']
    failed = {}
    for check in exercise.checks:
        for failure in check.failures:
            for student in failure.students:
                failed[student] = failed.get(student, 0) + 1
    for student in students:
        status = exercise.status.get(student)
        score = exercise.scores.get(student)
        if status is None:
            what = '<span class="none">no hand-in</span>'
        elif score is not None:
            what = f"{failed[student]} check(s) failed" if failed.get(student) else "all checks passed"
        else:
            what = _e(status.value)
        link = links.get((student, exercise.exercise))
        page = f'<a href="{_e(link)}">feedback</a>' if link else ""
        parts.append(f'<tr><td>{_e(student)}</td><td class="num">{_points(score)}</td><td>{what}</td>'
                     f"<td>{page}</td></tr>")
    parts.append("</table>")
    return parts
