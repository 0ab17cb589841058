"""nbgrader's OverwriteCells, putting deleted graded cells back without crashing.

With OverwriteCells.add_missing_cells (which this course sets, so a deleted
test cell comes back with its points), nbgrader 0.9 places a missing cell
after the source cell just before it, looked up among the hand-in's graded
and solution cells only. When that neighbour is a locked markdown cell, or
was deleted too (the last test cell, every test cell), the lookup raises
KeyError and the whole hand-in is not graded. Here each missing cell goes
after the nearest earlier cell of the source notebook that the hand-in still
has (any cell with that grade id), or first when there is none; positions
are looked up again after every insertion.

A cell whose grade id the gradebook does not know (a student changed it)
loses its nbgrader metadata altogether and becomes a plain cell: nbgrader
would remove only the grade id and then fail on the rest (KeyError).
"""
from nbgrader.preprocessors import OverwriteCells


class RestoreCells(OverwriteCells):
    """OverwriteCells whose missing graded cells go back in source order, whatever else is missing."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.metadata and "grade_id" not in cell.metadata["nbgrader"]:
            del cell.metadata["nbgrader"]  # an unknown grade id: a plain cell now
        return cell, resources

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_ids = [cell.name for cell in source_nb.source_cells]
        by_id = {cell.name: cell for cell in source_nb.source_cells}
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for position, grade_id in enumerate(source_ids):
            if grade_id not in grade_cells or grade_id in _present(nb):
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", grade_id)
            cell = self.missing_cell_transform(by_id[grade_id], grade_cells[grade_id].max_score,
                                               is_solution=grade_id in solution_ids)
            nb.cells.insert(_after_nearest(nb, source_ids[:position]), cell)
        return nb, resources


def _present(nb):
    """{grade id: index of its last cell} of the cells of `nb` that have a grade id."""
    return {cell.metadata["nbgrader"]["grade_id"]: index for index, cell in enumerate(nb.cells)
            if "grade_id" in cell.metadata.get("nbgrader", {})}


def _after_nearest(nb, earlier_ids):
    """The index just after the last cell of `nb` whose grade id is the nearest of `earlier_ids`
    (walking back); 0 when `nb` has none of them."""
    present = _present(nb)
    for grade_id in reversed(earlier_ids):
        if grade_id in present:
            return present[grade_id] + 1
    return 0

