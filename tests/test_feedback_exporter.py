"""coursekit.feedback_exporter: the same page as nbconvert's HTMLExporter, templates compiled once."""
import copy

import jinja2
import nbformat
from nbconvert.exporters import HTMLExporter

from coursekit.feedback_exporter import COMPILED, FeedbackExporter

NOTEBOOK = nbformat.v4.new_notebook(cells=[
    nbformat.v4.new_markdown_cell("# Exercise\nSome *text*."),
    nbformat.v4.new_code_cell("x = 1\nprint(x)", outputs=[nbformat.v4.new_output("stream", text="1\n")]),
])


def notebook():
    """The same small notebook (same cell ids) every time, as a fresh copy."""
    return copy.deepcopy(NOTEBOOK)


def test_a_second_exporter_compiles_no_template_and_writes_the_same_page(monkeypatch):
    """The first page compiles nbconvert's templates; a new exporter for the next page reuses them."""
    COMPILED.clear()
    compiled = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first, _ = FeedbackExporter().from_notebook_node(notebook())
    assert compiled, "the first page compiles the templates"
    compiled.clear()
    second, _ = FeedbackExporter().from_notebook_node(notebook())
    assert [name for name in compiled if name] == []
    assert second == first


def test_the_page_is_nbconverts_own():
    """Nothing but the compiling changes: the same HTML as HTMLExporter's."""
    assert FeedbackExporter().from_notebook_node(notebook())[0] == HTMLExporter().from_notebook_node(notebook())[0]
