"""Grades and feedback back to the LMS: `python -m coursekit export canvas|moodle|moodle-feedback`.

One small module per file the LMS takes (canvas.py, moodle.py, moodle_feedback.py),
each data in, rows out; roster.py reads the roster the instructor exports
from the LMS and matches its students to the kit's student ids.
"""
