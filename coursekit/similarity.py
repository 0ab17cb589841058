"""Hand-ins that look copied: pairs of students whose own solution code shares what is rare.

Only what a student wrote counts: the lines inside the implementation
regions (between the course's solution markers, `#### BEGIN IMPLEMENTATION
####` and `#### END IMPLEMENTATION ####`, nbgrader's ClearSolutions
delimiters) that are not given in the student's notebook. Each
statement of that code is normalised (Python's tokenize: comments, spacing
and line breaks gone; names the student made up become one placeholder,
while the names the exercise gives - parameters, left-hand sides, `np`,
attributes, keyword arguments - stay; numbers are written one way), and
fingerprinted twice, as MOSS and JPlag do in their own ways:

- the whole statement, and
- every run of K_GRAM tokens inside it (MOSS's k-grams; the regions here are
  a few lines long, so all k-grams are kept instead of winnowing a sample).

A hand-in is the *set* of its fingerprints, so reordered lines, renamed
local variables, comments and spacing do not hide a pair.

Code that many students write alike is no evidence: in this course the
skeleton fixes the left-hand sides, so independent right answers are often
identical. A fingerprint that more than COMMON_SHARE of the hand-ins have
(or more than MIN_COMMON, in a small class) counts nothing; a rarer one
counts log2(N / k) bits, where k hand-ins of N have it (document frequency,
the instructor's solution counted as one more hand-in). A pair's score is
the bits of the statements the two share, each statement counted once by
its rarest shared fingerprint: a shared unusual expression, a shared
mistake, the same odd helper.

A pair is a pointer for a person to look at, never a verdict, and it never
changes a score.
"""
import builtins
import io
import keyword
import math
import re
import textwrap
import tokenize
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

K_GRAM = 5
"""Tokens per k-gram fingerprint inside a statement."""

COMMON_SHARE = 0.2
"""A fingerprint that more than this share of the hand-ins have is common code: it counts nothing."""

MIN_COMMON = 2
"""In a small class, a fingerprint counts only while at most this many hand-ins have it (at least a pair)."""

PLACEHOLDER = "V"
"""What every name the student made up becomes."""

_SKIPPED_TOKENS = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
                   tokenize.ENCODING, tokenize.ENDMARKER}


@dataclass(frozen=True)
class Statement:
    """One statement a student wrote: its cell (grade id), its text as written, its fingerprints."""

    cell: str
    text: str
    fingerprints: frozenset


@dataclass(frozen=True)
class Pair:
    """Two students and what they share.

    score: bits of rare shared code (0 = nothing rare in common).
    shared: the fingerprints both have that count (weight > 0).
    """

    score: float
    first: str
    second: str
    shared: frozenset = field(default_factory=frozenset)


def regions(source, markers):
    """The text inside the solution regions of one cell's source, region by region.

    markers: (begin, end), the text of the lines that open and close a
    region, as nbgrader finds them (a line that contains it).
    """
    begin, end = markers
    found, region = [], None
    for line in source.split("\n"):
        if begin in line:
            region = []
        elif end in line and region is not None:
            found.append("\n".join(region))
            region = None
        elif region is not None:
            region.append(line)
    return found


def _cell_id(cell, number):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {number}"


def given_lines(release, markers):
    """{cell id: the stripped lines inside the release notebook's regions}: code the students were given."""
    given = defaultdict(set)
    for number, cell in enumerate(release.cells, start=1):
        if cell.cell_type == "code":
            for region in regions(cell.source, markers):
                given[_cell_id(cell, number)].update(line.strip() for line in region.splitlines())
    return given


def known_names(release):
    """Every name in the release notebook's code: parameters, left-hand sides, imports. These stay as written.

    Words in its comments and strings do not count.
    """
    names = set()
    for cell in release.cells:
        if cell.cell_type == "code":
            for tokens, _ in _logical_lines(cell.source):
                names.update(token.string for token in tokens if token.type == tokenize.NAME)
    return names


def written_code(notebook, release, markers):
    """The student's own code in `notebook`: {cell id: source text of the lines they wrote}.

    release: the student version of the exercise. Lines it gives inside a
    region (such as `da3 = dy_pred`, or an empty `dw = `) are left out.
    markers: (begin, end) of a solution region (regions()).
    """
    given = given_lines(release, markers)
    code = {}
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        cell_id = _cell_id(cell, number)
        lines = [line for region in regions(cell.source, markers) for line in region.splitlines()
                 if line.strip() and line.strip() not in given.get(cell_id, ())]
        if lines:
            code[cell_id] = textwrap.dedent("\n".join(lines))
    return code


def statements(code, names):
    """The Statements of {cell id: code}, normalised with `names` kept as written."""
    found = []
    for cell_id, text in code.items():
        for tokens, original in _logical_lines(text):
            normal = tuple(_normalise(tokens, names))
            if normal:
                found.append(Statement(cell_id, original, frozenset(fingerprints(normal))))
    return found


def fingerprints(normal):
    """The fingerprints of one normalised statement: the statement itself and its K_GRAM-token runs."""
    prints = {("statement",) + normal}
    prints.update(("gram",) + normal[start:start + K_GRAM] for start in range(len(normal) - K_GRAM + 1))
    return prints


def _logical_lines(text):
    """(tokens, source text) per logical line of `text`; a line Python cannot read is split by a simple rule."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [(_simple_tokens(line), line.strip()) for line in text.splitlines()]
    lines, current = [], []
    source = text.splitlines()
    for token in tokens:
        if token.type in _SKIPPED_TOKENS:
            continue
        if token.type == tokenize.NEWLINE:
            if current:
                first, last = current[0].start[0], current[-1].end[0]
                lines.append((current, "\n".join(source[first - 1:last]).rstrip()))
            current = []
        else:
            current.append(token)
    if current:
        lines.append((current, source[current[0].start[0] - 1].rstrip()))
    return lines


def _simple_tokens(line):
    """Tokens of a line that is not Python: words, numbers and single symbols."""
    return [tokenize.TokenInfo(tokenize.NAME if word[0].isalpha() or word[0] == "_" else
                               tokenize.NUMBER if word[0].isdigit() else tokenize.OP, word, (1, 0), (1, 0), line)
            for word in re.findall(r"[A-Za-z_]\w*|\d[\w.]*|\S", line.split("#")[0])]


def _normalise(tokens, names):
    """Token strings with made-up names replaced by PLACEHOLDER and numbers written one way."""
    out = []
    for index, token in enumerate(tokens):
        text = token.string
        if token.type == tokenize.NAME:
            after_dot = index > 0 and tokens[index - 1].string == "."
            keyword_argument = index + 1 < len(tokens) and tokens[index + 1].string == "=" and \
                index > 0 and tokens[index - 1].string in "(,"
            kept = (keyword.iskeyword(text) or text in names or hasattr(builtins, text)
                    or after_dot or keyword_argument)
            out.append(text if kept else PLACEHOLDER)
        elif token.type == tokenize.NUMBER:
            out.append(_number(text))
        else:
            out.append(text)
    return out


def _number(text):
    """A number literal written one way: 1e-2 and 0.01 are the same; 1 and 1.0 are not."""
    try:
        value = float(text.replace("_", ""))
    except ValueError:
        return text
    return repr(value) if ("." in text or "e" in text.lower()) else str(int(value))


def rarity(handins, reference=()):
    """{fingerprint: weight in bits} for the fingerprints that count.

    handins: {student: [Statement]}. reference: the instructor's Statements,
    counted as one more hand-in (the most common right answer). A
    fingerprint in k of N hand-ins weighs log2(N / k) when k is at most
    max(MIN_COMMON, COMMON_SHARE * N), else nothing.
    """
    documents = [_prints(found) for found in handins.values()]
    if reference:
        documents.append(_prints(reference))
    total = len(documents)
    limit = max(MIN_COMMON, COMMON_SHARE * total)
    frequency = defaultdict(int)
    for prints in documents:
        for fingerprint in prints:
            frequency[fingerprint] += 1
    return {fingerprint: math.log2(total / count) for fingerprint, count in frequency.items()
            if 2 <= count <= limit}


def _prints(found):
    return frozenset().union(*(statement.fingerprints for statement in found)) if found else frozenset()


def ranked_pairs(handins, reference=()):
    """Every pair of students that shares rare code, as Pairs, most alike first.

    handins: {student: [Statement]} (statements()). A statement's
    fingerprints are not independent (a rare line has many rare k-grams), so
    each statement counts once, by its rarest shared fingerprint; a pair's
    score is the smaller of the two students' sums, so code one of them
    repeats or adds does not raise it. Pairs that share nothing rare are
    left out; ties are ordered by the students' ids.
    """
    weights = rarity(handins, reference)
    holders = defaultdict(list)
    for student in sorted(handins):
        for fingerprint in _prints(handins[student]) & weights.keys():
            holders[fingerprint].append(student)
    shared = defaultdict(set)
    for fingerprint, students in holders.items():
        for pair in combinations(students, 2):
            shared[pair].add(fingerprint)
    pairs = []
    for (first, second), prints in shared.items():
        score = min(_evidence(handins[first], prints, weights), _evidence(handins[second], prints, weights))
        pairs.append(Pair(round(score, 1), first, second, frozenset(prints)))
    return sorted(pairs, key=lambda pair: (-pair.score, pair.first, pair.second))


def _evidence(found, shared, weights):
    """Bits of one student's statements that hold shared fingerprints: per statement its rarest one."""
    return sum(max((weights[f] for f in statement.fingerprints & shared), default=0.0) for statement in found)


def shared_statements(found, pair):
    """The Statements of one student (`found`) that hold a fingerprint of `pair`: the lines to look at."""
    return [statement for statement in found if statement.fingerprints & pair.shared]


def class_statements(notebooks, release, markers, reference=None):
    """({student: [Statement]}, the reference's Statements) for one exercise.

    notebooks: {student: NotebookNode} of the hand-ins; release: the student
    version; markers: (begin, end) of a solution region; reference: the
    instructor's notebook, or None.
    """
    names = known_names(release)
    handins = {student: statements(written_code(notebook, release, markers), names)
               for student, notebook in notebooks.items()}
    found = statements(written_code(reference, release, markers), names) if reference is not None else []
    return handins, found
