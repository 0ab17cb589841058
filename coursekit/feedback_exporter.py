"""FeedbackExporter: nbconvert's HTMLExporter, made cheaper for a page per hand-in.

- nbgrader makes a new exporter for every feedback page, and each new
  exporter compiles nbconvert's Jinja templates again (about a quarter of a
  page's time, measured with benchmarks/profile_grading.py). This one keeps
  the compiled templates (Jinja's bytecode) in memory for the process: a
  grading worker compiles them for its first page only. A template that
  changes on disk has another checksum and is compiled again.
- HTMLExporter parses the whole page (its 300 kB of style sheets and its
  images included) with BeautifulSoup only to add two accessibility
  attributes: alternative text for images that have none, and tabindex="0"
  on cell inputs and outputs. That was 40% of a page's time. Here the same
  attributes are added to the page's text (accessible()): every tag on a
  feedback page comes from nbconvert's template or from Markdown, because
  coursekit.preprocessors.safe_feedback lets no HTML of the student through.

nbgrader_config.py sets it as the feedback exporter:

    c.GenerateFeedback.exporter_class = FeedbackExporter
"""
import re

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

NO_ALT = "No description has been provided for this image"
"""The alternative text HTMLExporter gives an image that has none."""

_IMAGE_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.IGNORECASE)
_FOCUSABLE = re.compile(r'<div class="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?:\s[^"]*)?"')


def accessible(page):
    """The page with HTMLExporter's accessibility attributes: alternative text on every
    image that has none, and tabindex="0" on every cell input and output."""
    page = _IMAGE_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', page)
    return _FOCUSABLE.sub(lambda tag: tag.group(0) + ' tabindex="0"', page)


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates, kept in a dict by template name and source checksum."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.compiled[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()

    def clear(self):
        self.compiled.clear()


COMPILED = MemoryBytecodeCache()
"""The process's compiled templates, shared by every FeedbackExporter."""


class FeedbackExporter(HTMLExporter):
    """HTMLExporter (its settings, c.HTMLExporter.*, apply) whose templates are compiled once per
    process, and whose page is not parsed again to add the accessibility attributes."""

    def from_notebook_node(self, nb, resources=None, **kw):
        """HTMLExporter.from_notebook_node's page, with accessible() in place of its BeautifulSoup pass."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(page), resources

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = COMPILED
        return environment
