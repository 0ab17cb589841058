"""Helpers for the end-to-end browser tests (tests/test_browser*.py).

- chromium: where Debian's Chromium is, its flags, a skip when it or
  Playwright is missing, and a headless browser with a new empty profile.
- jupyter_server: start and stop a JupyterLab server from the kit's own
  Python environment, on a free loopback port, in a temporary folder.
- exercise: make a student's copy of the exercise 3 notebook with the blanks
  filled in correctly.
- notebook_page: drive JupyterLab or Notebook 7 in a Playwright page as a
  student does (Run All, watch the live loss plot, read the outputs).

Nothing here imports Playwright at import time, so the test can skip cleanly
when Playwright or Chromium is missing.
"""
