"""SafeFeedback: a feedback page with no live student HTML or JavaScript, and maths that need no network.

Students open their feedback pages in a browser, often from the LMS, and an
instructor opens them too. Stock nbgrader renders a notebook's outputs as
they are: an output `display(HTML("<script>...</script>"))`, an
`<img onerror=...>` or a Javascript output would run in that browser. Here,
before the page is rendered:

- each output keeps only the kinds of data a page shows without running
  anything (SAFE_DATA: plain text and raster images); the HTML, Markdown,
  SVG, LaTeX or JavaScript it had is dropped, and when nothing else is left
  its source is shown as plain text;
- in Markdown cells (a student may add or edit them) a tag such as
  `<script>` shows as text instead of working;
- the maths of Markdown cells ($...$, $$...$$) becomes MathML, which
  browsers draw themselves: formulas show without MathJax, so offline and
  on a locked-down network too (stock pages fetch MathJax from a CDN);
- widget state in the notebook's metadata is dropped.

nbgrader_config.py puts it into c.GenerateFeedback.preprocessors.
"""
import re

from latex2mathml.converter import convert as latex_to_mathml
from nbgrader.preprocessors import NbGraderPreprocessor

SAFE_DATA = ("text/plain", "image/png", "image/jpeg", "image/gif")
"""The output data kinds a feedback page keeps: shown as escaped text or as an image."""

MATHS = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$|\\\((.+?)\\\)", re.S)
"""$$display$$, \\[display\\], $inline$ and \\(inline\\) maths."""

TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
"""The start of an HTML tag or comment."""


class SafeFeedback(NbGraderPreprocessor):
    """Outputs as text or images only, Markdown without live HTML, maths as MathML."""

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = markdown_without_html(cell.source)
            for output in cell.get("outputs", []):
                safe_output(output)
        return nb, resources


def safe_output(output):
    """Keep only SAFE_DATA in a display or result output (in place); the rest shows as text."""
    data = output.get("data")
    if not data:
        return
    dropped = {kind: value for kind, value in data.items() if kind not in SAFE_DATA}
    if not dropped:
        return
    for kind in dropped:
        del data[kind]
    if not data:
        value = next(iter(dropped.values()))
        data["text/plain"] = value if isinstance(value, str) else str(value)
    output["metadata"] = {}


def markdown_without_html(source):
    """Markdown `source` with its maths as MathML and any HTML tag of its own shown as text."""
    parts, last = [], 0
    for match in MATHS.finditer(source):
        parts.append(TAG_START.sub("&lt;", source[last:match.start()]))
        display, bracket, inline, paren = match.groups()
        latex = display or bracket or inline or paren
        parts.append(mathml(latex, block=display is not None or bracket is not None) or
                     TAG_START.sub("&lt;", match.group(0)))
        last = match.end()
    parts.append(TAG_START.sub("&lt;", source[last:]))
    return "".join(parts)


def mathml(latex, block):
    """The MathML of `latex` on one line, or None when it cannot be converted."""
    try:
        return latex_to_mathml(latex.strip(), display="block" if block else "inline").replace("\n", "")
    except Exception:  # latex2mathml raises many kinds for LaTeX it does not know
        return None
