"""coursekit.precheck: a hand-in over the size limit is refused before it is read."""
import json

from coursekit.precheck import HandinLimits, unreadable
from coursekit.results import Kind


def test_an_oversize_hand_in_is_refused_with_its_size(tmp_path):
    notebook = {"cells": [], "metadata": {"junk": "z" * 3 * 1024**2}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "ex1.ipynb"
    path.write_text(json.dumps(notebook))
    problem = unreadable(path, max_bytes=2 * 1024**2)
    assert problem.kind is Kind.TOO_BIG
    assert problem.text() == "the notebook file is too big (3.0 MB; at most 2 MB are graded), not graded"
    assert unreadable(path, max_bytes=0) is None  # 0: no limit
    assert unreadable(path) is None


def test_the_default_size_limit_is_a_setting():
    assert HandinLimits().max_bytes == 10 * 1024**2
    from traitlets.config import Config
    config = Config()
    config.HandinLimits.max_bytes = 5
    assert HandinLimits(config=config).max_bytes == 5
