"""ResetMetadata: what runs is what the instructor wrote, down to the cells' metadata.

nbgrader restores a locked cell's source, but leaves its metadata as the
student handed it in; and the cell runner obeys metadata (nbclient skips a
cell tagged `skip-execution`). A tag on the test cells of an untouched
notebook would skip its hidden tests. So, after nbgrader's own clean-up,
every cell of the instructor's notebook (found by grade id) gets the
instructor's metadata back (nbgrader's checksum kept), and every other cell
(the student's own) gets none. The notebook keeps only its kernel and
language metadata.

Configure it after OverwriteCells in c.Autograde.sanitize_preprocessors
(nbgrader_config.py does).
"""
import copy

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from coursekit.preprocessors.instructor import instructor_notebook

KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info")


class ResetMetadata(NbGraderPreprocessor):
    """Give every cell the instructor's metadata (by grade id); student cells get none."""

    def preprocess(self, nb, resources):
        instructor = {cell.metadata["nbgrader"]["grade_id"]: cell.metadata
                      for cell in instructor_notebook(self.config, resources).cells
                      if "grade_id" in cell.metadata.get("nbgrader", {})}
        for cell in nb.cells:
            nbgrader = cell.metadata.get("nbgrader", {})
            grade_id = nbgrader.get("grade_id")
            if grade_id in instructor:
                metadata = copy.deepcopy(instructor[grade_id])
                if "checksum" in nbgrader:
                    metadata["nbgrader"]["checksum"] = nbgrader["checksum"]
                cell.metadata = metadata
            else:
                cell.metadata = nbformat.NotebookNode()
        nb.metadata = nbformat.NotebookNode(
            {key: nb.metadata[key] for key in KEPT_NOTEBOOK_METADATA if key in nb.metadata})
        return nb, resources
