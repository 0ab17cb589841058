"""FeedbackExporter: nbconvert's HTMLExporter with its templates compiled once per process.

nbgrader makes a new exporter for every feedback page, and each new exporter
compiles nbconvert's Jinja templates again (about a quarter of a page's time,
measured with benchmarks/profile_grading.py). This one keeps the compiled
templates (Jinja's bytecode) in memory for the process: a grading worker
compiles them for its first page only. A template that changes on disk has
another checksum and is compiled again.

nbgrader_config.py sets it as the feedback exporter:

    c.GenerateFeedback.exporter_class = FeedbackExporter
"""
from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter


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
    """HTMLExporter (its settings, c.HTMLExporter.*, apply) whose templates are compiled once per process."""

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = COMPILED
        return environment
