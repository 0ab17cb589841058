"""The instructor's side of the course kit.

- skeleton: nbgrader's step that turns solutions into the student's skeleton
- checks: the assertions hidden tests use, with messages students understand
- canary, tamper, sandbox, sandbox_launcher, dedupe: grading safely
- course, handin, grading, workers, feedback, report: `python -m coursekit import|grade`
- selfcheck: `python -m coursekit check`, the student's check before handing in
"""
