"""A student's copy of an exercise notebook, with the blanks filled in correctly.

The student gets the release notebook, whose implementation regions

    #### BEGIN IMPLEMENTATION ####
    dz =
    #### END IMPLEMENTATION ####

have blank right-hand sides. A student who got everything right has, in each
region, what the instructor's notebook (source/) has there. So: take the
release notebook and copy each region's body from the source cell with the
same nbgrader grade_id. Everything else (the visible tests, the locked cells)
stays exactly as the student received it.
"""
import json
import re
import shutil
from pathlib import Path

BEGIN = re.compile(r"^[ \t]*#+ *BEGIN IMPLEMENTATION *#*[ \t]*$", re.MULTILINE)
END = re.compile(r"^[ \t]*#+ *END IMPLEMENTATION *#*[ \t]*$", re.MULTILINE)


class ExerciseError(AssertionError):
    """The exercise notebooks cannot be turned into a filled-in student copy."""


def _source_text(cell):
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def implementation_regions(text):
    """[(start, end)] character spans of the bodies between the BEGIN and END lines."""
    regions = []
    position = 0
    while True:
        begin = BEGIN.search(text, position)
        if begin is None:
            return regions
        end = END.search(text, begin.end())
        if end is None:
            raise ExerciseError(f"BEGIN IMPLEMENTATION without END in:\n{text}")
        regions.append((begin.end(), end.start()))
        position = end.end()


def fill_cell(release_text, source_text, grade_id):
    """The release cell's text with each region's body taken from the source cell."""
    release_regions = implementation_regions(release_text)
    source_regions = implementation_regions(source_text)
    if len(release_regions) != len(source_regions):
        raise ExerciseError(
            f"cell {grade_id!r}: {len(release_regions)} implementation regions in the "
            f"release notebook but {len(source_regions)} in the source notebook"
        )
    pieces, position = [], 0
    for (r_start, r_end), (s_start, s_end) in zip(release_regions, source_regions):
        pieces.append(release_text[position:r_start])
        pieces.append(source_text[s_start:s_end])
        position = r_end
    pieces.append(release_text[position:])
    return "".join(pieces)


def filled_in_notebook(release_path, source_path):
    """The release notebook (as a dict) with every implementation region filled in."""
    release = json.loads(Path(release_path).read_text(encoding="utf-8"))
    source = json.loads(Path(source_path).read_text(encoding="utf-8"))
    source_cells = {_grade_id(c): c for c in source["cells"] if _grade_id(c)}
    filled = 0
    for cell in release["cells"]:
        text = _source_text(cell)
        if cell["cell_type"] != "code" or not implementation_regions(text):
            continue
        grade_id = _grade_id(cell)
        if grade_id not in source_cells:
            raise ExerciseError(f"release cell {grade_id!r} has no source cell with that grade_id")
        cell["source"] = fill_cell(text, _source_text(source_cells[grade_id]), grade_id)
        filled += 1
    if filled == 0:
        raise ExerciseError(f"{release_path} has no implementation region to fill in")
    return release


def clear_outputs(notebook):
    """A fresh run: no outputs and no execution counts, as a student receives it."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return notebook


def student_copy(repo, exercise, destination):
    """Put a filled-in student copy of `exercise` into the folder `destination`.

    Copies the release folder (the notebook and anything shipped beside it),
    fills in the notebook from the source notebook and returns its path.
    Falls back to the instructor's notebook, which runs as it is, if there
    is no release notebook yet.
    """
    repo, destination = Path(repo), Path(destination)
    release_dir = repo / "release" / exercise
    source_nb = repo / "source" / exercise / f"{exercise}.ipynb"
    release_nb = release_dir / f"{exercise}.ipynb"
    if not source_nb.exists():
        raise ExerciseError(f"the instructor's notebook {source_nb} is missing")
    if release_nb.exists():
        shutil.copytree(release_dir, destination, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        notebook = filled_in_notebook(release_nb, source_nb)
    else:
        shutil.copytree(source_nb.parent, destination, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        notebook = json.loads(source_nb.read_text(encoding="utf-8"))
    path = destination / f"{exercise}.ipynb"
    path.write_text(json.dumps(clear_outputs(notebook), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def cell_count(path):
    return len(json.loads(Path(path).read_text(encoding="utf-8"))["cells"])
