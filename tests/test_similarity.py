"""Similarity: a copied hand-in with cosmetic changes ranks first; common right answers are no evidence.

The made-up classes are built like tests/test_ex3_grading.py builds hand-ins:
from the instructor's notebook of exercise 3, each student choosing, line
by line, the instructor's answer (most do), a right answer in another style,
or a typical mistake. One student also writes an odd helper; a planted copy
of that student's notebook renames names, respaces, adds comments and
reorders independent lines. Nothing here runs nbgrader.
"""
import random
import re

import nbformat
import pytest

from coursekit import similarity
from coursekit.course import Course
from coursekit.reporting import solution_markers
from tests.course import REPO, instructor_notebook, notebook_with

EXERCISE = "ex3_backpropagation"
MARKERS = solution_markers(Course(REPO))

# cell -> the instructor's line -> other ways to write it: right answers in other styles, then typical mistakes
CHOICES = {
    "binary_cross_entropy_loss_backward": {
        "(1 / m) * (y_pred - y_true) / (y_pred * (1 - y_pred))": [
            "(-(y_true / y_pred) + (1 - y_true) / (1 - y_pred)) / m",
            "(y_pred - y_true) / (y_pred * (1 - y_pred)) / m",
            "np.divide(y_pred - y_true, y_pred * (1 - y_pred)) / m",
            "(y_pred - y_true) / (y_pred * (1 - y_pred))",  # mistake: no 1/m
        ],
    },
    "sigmoid_backward": {
        "a = sigmoid(z)": ["a = 1 / (1 + np.exp(-z))"],
        "dz = da * a * (1 - a)": [
            "dz = da * (a - a**2)",
            "dz = np.multiply(da, a * (1.0 - a))",
            "dz = da * z * (1 - z)",  # mistake: the derivative at z, not at a
        ],
    },
    "relu_backward": {
        "dz = np.where(z > 0, da, 0.0)": [
            "dz = da * (z > 0)",
            "dz = np.copy(da)\n    dz[z <= 0] = 0",
            "dz = da\n    dz[z <= 0] = 0",  # mistake: changes da in place
        ],
    },
    "dense_backward": {
        "dw = a_prev.T @ dz": ["dw = np.dot(a_prev.T, dz)", "dw = dz.T @ a_prev"],  # last: a mistake
        "db = np.sum(dz, axis=0, keepdims=True)": [
            "db = dz.sum(axis=0, keepdims=True)",
            "db = np.sum(dz, axis=0).reshape(1, -1)",
            "db = np.sum(dz, axis=0)",  # mistake: no keepdims
        ],
        "da_prev = dz @ w.T": ["da_prev = np.dot(dz, w.T)", "da_prev = np.dot(dz, np.transpose(w))"],
    },
    "train": {
        f"model.{p} = model.{p} - learning_rate * d{p}": [
            f"model.{p} -= learning_rate * d{p}",
            f"model.{p} = model.{p} - 1e-2 * d{p}",  # mistake: a typed-in learning rate
        ]
        for p in ("w1", "b1", "w2", "b2", "w3", "b3")
    },
}

ODD_HELPER = (
    "a = sigmoid(z)",
    "def _slope(s):\n        return s - s * s\n    a = sigmoid(z)",
)
"""The copied student's own idea: a small helper for the sigmoid's slope."""


def independent_class(seed, size=30, canonical=0.6):
    """{student: notebook}: `size` independent hand-ins; each line is the instructor's with probability `canonical`."""
    rng = random.Random(seed)
    handins = {}
    for number in range(size):
        changes = []
        for cell, lines in CHOICES.items():
            for line, others in lines.items():
                if rng.random() > canonical:
                    changes.append((cell, line, rng.choice(others)))
        handins[f"s{number:02d}"] = changes
    return handins


def with_odd_helper(changes):
    """The changes of a student who also wrote the odd helper (and uses it)."""
    helper = [("sigmoid_backward", *ODD_HELPER)]
    uses = [("sigmoid_backward", "dz = da * a * (1 - a)", "dz = da * _slope(a)")]
    return [c for c in changes if c[0] != "sigmoid_backward"] + helper + uses


def cosmetic_copy(notebook):
    """A copy of `notebook` with its names renamed, spacing and comments changed, independent lines reordered."""
    copy = nbformat.from_dict(nbformat.reads(nbformat.writes(notebook), as_version=4))
    for cell in copy.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        source = cell.source.replace("_slope(s)", "_derivative(value)").replace("s - s * s", "value-value*value")
        source = source.replace("_slope(", "_derivative(")
        source = re.sub(r" ([@*/+-]) ", r"\1", source)  # spacing
        source = source.replace("#### BEGIN IMPLEMENTATION ####\n",
                                "#### BEGIN IMPLEMENTATION ####\n    # my own work\n")
        lines = source.split("\n")
        if grade_id in ("dense_backward", "train"):  # reorder the last two independent lines of the region
            end = next(i for i, line in enumerate(lines) if "#### END IMPLEMENTATION" in line)
            lines[end - 2], lines[end - 1] = lines[end - 1], lines[end - 2]
        cell.source = "\n".join(lines)
    return copy


def release_notebook():
    return nbformat.read(REPO / "release" / EXERCISE / f"{EXERCISE}.ipynb", as_version=4)


def statements_of(notebooks):
    return similarity.class_statements(notebooks, release_notebook(), MARKERS, instructor_notebook(EXERCISE))


def test_the_markers_are_the_course_s_solution_delimiters():
    assert MARKERS == ("BEGIN IMPLEMENTATION", "END IMPLEMENTATION")


def test_only_what_the_student_wrote_counts():
    """Code outside the regions and lines the skeleton gives (da3 = dy_pred, an empty dw =) are not evidence."""
    code = similarity.written_code(instructor_notebook(EXERCISE), release_notebook(), MARKERS)
    assert code["dense_backward"].splitlines() == [
        "dw = a_prev.T @ dz", "db = np.sum(dz, axis=0, keepdims=True)", "da_prev = dz @ w.T"]
    assert "da3 = dy_pred" not in code["model"] and "dx = da0" not in code["model"]
    assert "dy_pred = binary_cross_entropy_loss_backward(y_true, y_pred)" in code["model"]
    assert "imports" not in code and "test_dense_backward" not in code
    assert similarity.written_code(release_notebook(), release_notebook(), MARKERS) == {}


def test_cosmetic_changes_leave_the_fingerprints_as_they_are():
    """Spacing, comments, renamed helper names and reordered lines give the same fingerprints; a mistake does not."""
    original = notebook_with(EXERCISE, with_odd_helper([]))
    handins, _ = statements_of({"original": original, "copy": cosmetic_copy(original)})
    prints = {student: set().union(*(s.fingerprints for s in found)) for student, found in handins.items()}
    assert prints["original"] == prints["copy"]
    mistaken, _ = statements_of({"m": notebook_with(EXERCISE, [("dense_backward", "a_prev.T @ dz", "dz.T @ a_prev")])})
    assert set().union(*(s.fingerprints for s in mistaken["m"])) != prints["original"]


def test_students_who_share_only_common_right_answers_are_no_pair():
    """Ten students who all wrote the instructor's answers, and the most common styles, share nothing rare."""
    notebooks = {f"same{n}": instructor_notebook(EXERCISE) for n in range(10)}
    notebooks.update({f"other{n}": notebook_with(EXERCISE, [("dense_backward", "a_prev.T @ dz",
                                                            "np.dot(a_prev.T, dz)")]) for n in range(4)})
    assert similarity.ranked_pairs(*statements_of(notebooks)) == []


@pytest.mark.parametrize("seed", range(6))
def test_a_planted_copy_ranks_first(seed):
    """In a class of 30 independent hand-ins plus a copy with cosmetic changes, the copied pair ranks first.

    The pairs below it share only what independent students share: common
    right answers (no score at all), a right answer in a rarer style, a
    typical mistake. How far the copy stands out depends on how much of the
    copied student's code is their own (seed 4: one line besides the helper).
    """
    changes = independent_class(seed)
    notebooks = {student: notebook_with(EXERCISE, c) for student, c in changes.items()}
    notebooks["s00"] = notebook_with(EXERCISE, with_odd_helper(changes["s00"]))
    notebooks["zz_copy"] = cosmetic_copy(notebooks["s00"])
    pairs = similarity.ranked_pairs(*statements_of(notebooks))
    assert (pairs[0].first, pairs[0].second) == ("s00", "zz_copy"), pairs[:3]
    assert pairs[0].score > pairs[1].score, pairs[:3]
    # Students whose hand-ins are the same line for line, independently: less than the copy.
    twins = [(a, b) for a in changes for b in changes if a < b and changes[a] == changes[b]]
    scores = {(p.first, p.second): p.score for p in pairs}
    assert all(scores.get(twin, 0) < pairs[0].score for twin in twins)


def test_a_shared_rare_mistake_is_evidence_and_common_code_is_not():
    """Two students who alone make the same mistake form a pair; the lines shown are the mistake's."""
    notebooks = {f"right{n}": instructor_notebook(EXERCISE) for n in range(8)}
    mistake = [("dense_backward", "dw = a_prev.T @ dz", "dw = dz.T @ a_prev")]
    notebooks.update({"m1": notebook_with(EXERCISE, mistake), "m2": notebook_with(EXERCISE, mistake)})
    handins, reference = statements_of(notebooks)
    pairs = similarity.ranked_pairs(handins, reference)
    assert [(p.first, p.second) for p in pairs] == [("m1", "m2")]
    assert [s.text for s in similarity.shared_statements(handins["m1"], pairs[0])] == ["dw = dz.T @ a_prev"]
