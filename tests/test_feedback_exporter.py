"""coursekit.feedback_exporter: the same page as nbconvert's HTMLExporter, templates compiled once,
the accessibility attributes added without parsing the page."""
import base64
import copy

import jinja2
import nbformat
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

from coursekit.feedback_exporter import COMPILED, NO_ALT, FeedbackExporter, accessible

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f3e5a90000000049454e44ae426082")).decode()

NOTEBOOK = nbformat.v4.new_notebook(cells=[
    nbformat.v4.new_markdown_cell("# Exercise\nSome *text*, and an image: ![a dot](dot.png) and <b>bold</b>."),
    nbformat.v4.new_code_cell("x = 1\nprint(x)", outputs=[nbformat.v4.new_output("stream", text="1\n")]),
    nbformat.v4.new_code_cell("plot()", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        nbformat.v4.new_output("execute_result", data={"text/plain": "'<img src=x>'"}, execution_count=3),
        nbformat.v4.new_output("error", ename="ValueError", evalue="<div class=\"jp-OutputArea-output\">",
                               traceback=["ValueError: <img>"]),
    ]),
    nbformat.v4.new_code_cell("# no output"),
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
    """The same document as HTMLExporter's, as a browser reads it (both parsed and written out again
    the same way): images with alternative text, cell inputs and outputs focusable."""
    ours = FeedbackExporter().from_notebook_node(notebook())[0]
    stock = HTMLExporter().from_notebook_node(notebook())[0]
    assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(stock, "html.parser"))
    assert ours.count('tabindex="0"') == 8  # four cell inputs (the Markdown cell's too), four outputs
    assert ours.count(f'alt="{NO_ALT}"') == 1  # the plot; the Markdown image has its own
    assert 'alt="a dot"' in ours


def test_accessible_adds_the_attributes_only_to_tags():
    page = ('<img src="data:image/png;base64,AAAA"><img alt="kept" src="y">'
            '<div class="jp-Cell-inputWrapper jp-mod-x"><pre>&lt;img src=z&gt;</pre></div>'
            '<div class="jp-OutputArea-output-not">')
    assert accessible(page) == (
        f'<img alt="{NO_ALT}" src="data:image/png;base64,AAAA"><img alt="kept" src="y">'
        '<div class="jp-Cell-inputWrapper jp-mod-x" tabindex="0"><pre>&lt;img src=z&gt;</pre></div>'
        '<div class="jp-OutputArea-output-not">')
