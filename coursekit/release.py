"""Generating release/ from source/ without ever overwriting someone's work, and students' working copies.

`make release` runs nbgrader's generate_assignment for each exercise, which
deletes release/<exercise>/ and writes it anew. A student who filled in
release/<exercise>/<exercise>.ipynb (or an instructor who tried it out
there) would lose that work. So:

- each generation records the SHA-256 of the notebook it wrote in
  release/<exercise>/GENERATED (committed with the notebook);
- generate() regenerates an exercise only while its notebook is still what
  was generated (or there is none); otherwise it leaves it alone and says so;
- students work in copies: working_copies() copies each release notebook to
  work/<exercise>/<exercise>.ipynb once, and never overwrites one there.
  Nothing ever deletes or regenerates work/.
"""
import hashlib
import shutil

GENERATED = "GENERATED"
"""The file beside each release notebook with the SHA-256 of the notebook as generated."""

WORK = "work"
"""The folder of the students' working copies, in the course folder."""


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changed_since_generated(notebook):
    """True if the release notebook `notebook` (a Path) exists and is not what was generated."""
    if not notebook.exists():
        return False
    stamp = notebook.parent / GENERATED
    return not stamp.is_file() or stamp.read_text().split()[:1] != [fingerprint(notebook)]


def generate(course, exercises=None):
    """Generate release/ for `exercises` (default: all); returns (lines to print, all done)."""
    lines, ok = [], True
    for exercise in exercises or course.exercises:
        notebook = course.release_notebook(exercise)
        if changed_since_generated(notebook):
            ok = False
            lines.append(
                f"{course.relative(notebook)} was changed since it was generated (someone's work?): "
                f"not regenerated. Move it away (students work in {WORK}/, see `python -m coursekit work`), "
                "then run `make release` again."
            )
            continue
        result = course.api().generate_assignment(exercise, force=True)  # its log is kept in `result`
        if not result["success"] or not notebook.is_file():
            ok = False
            lines.append(f"{exercise}: nbgrader generate_assignment failed:\n{result.get('log', '')}"
                         f"{result.get('error', '')}")
            continue
        (notebook.parent / GENERATED).write_text(f"{fingerprint(notebook)}  {notebook.name}\n")
    return lines, ok


def working_copies(course):
    """Copy each release notebook to work/<exercise>/<exercise>.ipynb where there is none yet;
    returns the lines to print."""
    lines = []
    for exercise in course.exercises:
        release = course.release_notebook(exercise)
        target = course.root / WORK / exercise / release.name
        if target.exists():
            lines.append(f"{course.relative(target)}: already there, left as it is")
        elif release.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            for item in release.parent.iterdir():  # the notebook and any files it needs
                if item.name != GENERATED and not (target.parent / item.name).exists():
                    (shutil.copytree if item.is_dir() else shutil.copy2)(item, target.parent / item.name)
            lines.append(f"{course.relative(target)}: your copy to work in")
    return lines

