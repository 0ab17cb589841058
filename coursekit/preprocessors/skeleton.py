"""Turn an instructor's solution into the student's skeleton.

Stock nbgrader replaces a whole solution region with `raise NotImplementedError()`.
This course keeps the markers and, inside them, the left-hand side of each
assignment with an empty right-hand side:

    #### BEGIN IMPLEMENTATION ####          #### BEGIN IMPLEMENTATION ####
    dw = a_prev.T @ dz                 ->   "dw = "  (the left-hand side and a space)
    da3 = dy_pred                           da3 = dy_pred
    #### END IMPLEMENTATION ####            #### END IMPLEMENTATION ####

The rules, applied to each statement in the region:
- an assignment keeps its targets: `dw3, db3, da2 = ` (note the space after =);
- an assignment of a plain name (`da3 = dy_pred`, `dx = da0`) is given to
  the student whole;
- every other statement and every comment is part of the solution and removed;
- blank lines stay.
"""
import ast
import re
import textwrap

from nbgrader.preprocessors import ClearSolutions


class SolutionSyntaxError(ValueError):
    """A solution region that is not valid Python on its own."""


def skeleton_lines(region):
    """The student's lines for the solution lines `region` (a list of str).

    The region is the text between the BEGIN and END markers, with the
    indentation it has in the cell. Returns a list of str, indented the same.
    """
    code = textwrap.dedent("\n".join(region))
    indent = _common_indent(region)
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise SolutionSyntaxError(
            f"The solution region is not valid Python on its own "
            f"(line {error.lineno}: {error.msg}):\n" + "\n".join(region)
        ) from error

    code_lines = code.split("\n")
    skeleton = {}  # first line number of a statement -> its skeleton line
    covered = set()  # line numbers that belong to some statement
    for statement in tree.body:
        lines = range(statement.lineno, statement.end_lineno + 1)
        covered.update(lines)
        if isinstance(statement, ast.Assign):
            if isinstance(statement.value, ast.Name):
                skeleton[statement.lineno] = "\n".join(code_lines[n - 1] for n in lines)
            else:
                targets = [ast.get_source_segment(code, t) for t in statement.targets]
                skeleton[statement.lineno] = " = ".join(targets) + " = "

    result = []
    for number, line in enumerate(code_lines, start=1):
        if number in skeleton:
            result.extend(indent + part for part in skeleton[number].split("\n"))
        elif number not in covered and line.strip() == "":
            result.append("")
    return result


def _common_indent(lines):
    """The indentation shared by all non-blank lines."""
    indents = [re.match(r"[ \t]*", line).group(0) for line in lines if line.strip()]
    if not indents:
        return ""
    return min(indents, key=len)


class SkeletonSolutions(ClearSolutions):
    """ClearSolutions that leaves the seed's skeleton instead of a stub.

    Configure the delimiters as for ClearSolutions, e.g.
    c.ClearSolutions.begin_solution_delimeter = "BEGIN IMPLEMENTATION".
    """

    def _replace_solution_region(self, cell, language):
        """Replace each solution region in `cell` by its skeleton.

        Keeps the BEGIN and END marker lines. Returns True if the cell had
        a solution region.
        """
        if cell.cell_type != "code":
            return super()._replace_solution_region(cell, language)

        new_lines = []
        region = None  # the lines of the region being read, or None outside one
        replaced = False
        for line in cell.source.split("\n"):
            if self.begin_solution_delimeter in line:
                if region is not None:
                    raise RuntimeError(
                        "Nested BEGIN markers in one cell:\n" + cell.source
                    )
                new_lines.append(line)
                region = []
                replaced = True
            elif self.end_solution_delimeter in line:
                if region is None:
                    raise RuntimeError(
                        "END marker without a BEGIN marker:\n" + cell.source
                    )
                new_lines.extend(skeleton_lines(region))
                new_lines.append(line)
                region = None
            elif region is not None:
                region.append(line)
            else:
                new_lines.append(line)

        if region is not None:
            raise RuntimeError("BEGIN marker without an END marker:\n" + cell.source)
        cell.source = "\n".join(new_lines)
        return replaced
