"""The Makefile in a term: after `make clean-example`, neither `make grade` nor `make` brings the example class back."""
import csv
import subprocess
import sys

from tests.course import REPO
from tests.test_grading_example import clean_copy

EX1 = "ex1_building_blocks"


def make(kit, *targets):
    return subprocess.run(["make", "-o", ".venv/.installed", *targets], cwd=kit, capture_output=True, text=True,
                          timeout=1800)


def test_grading_a_term_after_clean_example_never_imports_the_example_class(tmp_path):
    kit = clean_copy(tmp_path)
    assert make(kit, "clean-example").returncode == 0
    handin = tmp_path / f"zoe_{EX1}.ipynb"
    handin.write_text((REPO / "release" / EX1 / f"{EX1}.ipynb").read_text())
    imported = subprocess.run([sys.executable, "-m", "coursekit", "import", str(handin), "--course", str(kit)],
                              capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr

    graded = make(kit, "grade")

    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert sorted(p.name for p in (kit / "submitted").iterdir()) == ["zoe"]
    with open(kit / "grades.csv", newline="") as file:
        assert [row["student"] for row in csv.DictReader(file)] == ["(maximum)", "zoe"]

    example = make(kit, "example")
    assert example.returncode != 0
    assert "The example class was removed (make clean-example) and is not graded again." in example.stdout
    assert sorted(p.name for p in (kit / "submitted").iterdir()) == ["zoe"]
