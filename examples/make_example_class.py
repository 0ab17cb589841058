"""Make the example class: what a learning-management system hands over after each exercise.

    .venv/bin/python examples/make_example_class.py

writes examples/class/<student>_<exercise>.ipynb for six students and every
exercise in source/. Run it after `make release` whenever an exercise
changes; tests/test_grading_example.py fails while the files are out of date.

Every hand-in is made from the student's notebook in release/, the way a
student makes it, with answers taken from the instructor's notebook in
source/ (saved without outputs: the autograder runs the notebook anyway):

    alice  complete: every answer filled in
    bob    partly done: the first half of the answers of each exercise
    carol  typical mistakes (MISTAKES below); in exercise 3 she also edited
           a locked check cell, which the autograder puts back
    dave   never started: hands in the notebooks as released
    erin   complete, but her file of the last exercise is broken: cut off
           halfway, as by a failed upload
    frank  handed in the first exercise only
"""
import argparse
import copy
import math
import re
import sys
from pathlib import Path

import nbformat

KIT = Path(__file__).resolve().parent.parent

MISTAKES = {
    # exercise -> [(cell grade_id, the right code, the student's version)]
    "ex1_building_blocks": [
        # relu that zeroes z in place: the caller's z changes too
        ("relu", "a = np.maximum(z, 0.0)", "z[z < 0] = 0\n    a = z"),
        # the textbook sigmoid, which overflows for large negative z
        ("sigmoid", "e = np.exp(-np.abs(z))\n    a = np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
         "a = 1 / (1 + np.exp(-z))"),
    ],
    "ex2_forward_pass": [
        # the sum instead of the mean over the samples
        ("binary_cross_entropy_loss", "loss = -np.mean(losses)", "loss = -np.sum(losses)"),
        # > instead of >=: a prediction of exactly 0.5 counts as benign
        ("get_metrics", "predicted = y_pred >= 0.5", "predicted = y_pred > 0.5"),
    ],
    "ex3_backpropagation": [
        # relu_backward that changes da in place
        ("relu_backward", "dz = np.where(z > 0, da, 0.0)", "dz = da\n    dz[z <= 0] = 0"),
        # db without keepdims: shape (outputs,) instead of (1, outputs)
        ("dense_backward", "keepdims=True", "keepdims=False"),
        # the learning rate of the training run typed in, not the argument
        ("train", "learning_rate *", "1e-2 *"),
        # an extra line in a locked check cell
        ("test_sigmoid_backward", "print(dz)", "print(dz)\nprint(dz.shape)"),
    ],
    "ex4_training": [
        # momentum as a running mean: the factor (1 - beta) on the gradient
        ("momentum_update", "velocity = beta * velocity + grad", "velocity = beta * velocity + (1 - beta) * grad"),
        # early stopping one epoch late: > instead of >=
        ("early_stopping_epoch", "epochs_without_improvement >= patience", "epochs_without_improvement > patience"),
    ],
}
"""carol's mistakes per exercise. An exercise without an entry gets a typo instead:
the first name assigned in its first answer is spelled with a capital."""


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_answer(cell):
    return cell.metadata.get("nbgrader", {}).get("solution", False)


def filled_in(release, instructor, how_many=None):
    """The released notebook with the first `how_many` answers (all if None) from the instructor's."""
    notebook = copy.deepcopy(release)
    solutions = {grade_id(cell): cell.source for cell in instructor.cells if is_answer(cell)}
    answers = [cell for cell in notebook.cells if is_answer(cell)]
    for cell in answers[:how_many]:
        cell.source = solutions[grade_id(cell)]
    return notebook


def with_mistakes(notebook, exercise):
    """`notebook` (a complete one) with carol's mistakes in `exercise`."""
    notebook = copy.deepcopy(notebook)
    cells = {grade_id(cell): cell for cell in notebook.cells if grade_id(cell)}
    for cell_id, right, wrong in MISTAKES.get(exercise, []):
        if cell_id not in cells or right not in cells[cell_id].source:
            raise SystemExit(
                f"{exercise}: MISTAKES expects {right!r} in cell {cell_id!r}, but the exercise has "
                f"changed. Update MISTAKES in {Path(__file__).name}."
            )
        cells[cell_id].source = cells[cell_id].source.replace(right, wrong)
    if exercise not in MISTAKES:
        _capital_typo(notebook, exercise)
    return notebook


def _capital_typo(notebook, exercise):
    """Spell the first name assigned in the first answer with a capital: `z = ...` -> `Z = ...`."""
    for cell in notebook.cells:
        if is_answer(cell):
            before, marker, region = cell.source.partition("BEGIN")
            typo, count = re.subn(
                r"^(\s*)([a-z_]\w*) = ",
                lambda match: f"{match.group(1)}{match.group(2).capitalize()} = ",
                region, count=1, flags=re.MULTILINE,
            )
            if marker and count:
                cell.source = before + marker + typo
                return
    raise SystemExit(f"{exercise}: no answer with an assignment for the typo; add it to MISTAKES.")


def as_file(notebook):
    """The text of a notebook file, as Jupyter saves it."""
    return nbformat.writes(notebook) + "\n"


def broken(notebook):
    """The notebook's file content cut off halfway, as after a failed upload."""
    text = as_file(notebook)
    return text[: len(text) // 2]


def example_class(course):
    """{file name: file content} of the whole example class, made from `course`'s notebooks."""
    exercises = sorted(
        (d.name for d in (course / "source").iterdir() if (d / f"{d.name}.ipynb").is_file()),
        key=lambda name: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)],
    )
    files = {}
    for number, exercise in enumerate(exercises):
        release_path = course / "release" / exercise / f"{exercise}.ipynb"
        if not release_path.is_file():
            raise SystemExit(f"{release_path} is missing: run `make release` first.")
        release = nbformat.read(release_path, as_version=4)
        instructor = nbformat.read(course / "source" / exercise / f"{exercise}.ipynb", as_version=4)
        complete = filled_in(release, instructor)
        half = math.ceil(sum(is_answer(cell) for cell in release.cells) / 2)
        last = number == len(exercises) - 1
        handins = {
            "alice": as_file(complete),
            "bob": as_file(filled_in(release, instructor, half)),
            "carol": as_file(with_mistakes(complete, exercise)),
            "dave": as_file(release),
            "erin": broken(complete) if last else as_file(complete),
        }
        if number == 0:
            handins["frank"] = as_file(complete)
        for student, text in handins.items():
            files[f"{student}_{exercise}.ipynb"] = text
    return files


def write_class(files, folder):
    """Write the example class into `folder`, replacing the notebooks that were there."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.ipynb"):
        old.unlink()
    for name, text in sorted(files.items()):
        (folder / name).write_text(text, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--course", type=Path, default=KIT, help="the course folder (default: the kit)")
    parser.add_argument("--out", type=Path, default=KIT / "examples" / "class", help="where to write")
    args = parser.parse_args(argv)
    files = example_class(args.course)
    write_class(files, args.out)
    print(f"Wrote {len(files)} hand-ins to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
