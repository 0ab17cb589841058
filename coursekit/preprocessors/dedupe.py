"""nbgrader's DeduplicateIds, without the crash on duplicated cells.

A student who copies a graded cell hands in two cells with the same
grade_id. nbgrader's DeduplicateIds keeps the last one and empties the
others' nbgrader metadata to `{}`; with OverwriteCells.add_missing_cells
(which this course sets, so deleted test cells come back), nbgrader 0.9.6
then fails on that empty metadata (KeyError: 'grade_id') and does not grade
the notebook at all. Here the emptied metadata is removed: the copies become
plain cells, and the notebook is graded.
"""
from nbgrader.preprocessors import DeduplicateIds as NbGraderDeduplicateIds


class DeduplicateIds(NbGraderDeduplicateIds):
    """Keep one cell per grade_id; the others become plain cells."""

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", None) == {}:
                del cell.metadata["nbgrader"]
        return nb, resources
