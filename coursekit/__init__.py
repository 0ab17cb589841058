"""The instructor's side of the course kit, and the student's self-check.

Steps that run inside nbgrader (nbgrader_config.py puts them in its pipelines):
- preprocessors/: skeleton, check_hidden_test_form, dedupe, reset_metadata, split_hidden_tests,
  execute, judge_hidden_tests, hide_hidden_tests
- sandbox/: the kernel manager and launcher that confine each student kernel
- output_budget: how much output a graded notebook keeps
- checks: the assertions hidden tests use, with messages students understand
- hidden_tests: the form of a test cell (kernel part, checks part); transport: values from the kernel, as data

Code that drives nbgrader (`python -m coursekit import|grade|check`):
- course: the course folder; environment: the process environment, set where a command starts
- handin: import hand-ins; precheck: checks on a hand-in before it runs; tamper: the static scan
- grading, stamps, workers: grade a class, resumably, on all cores
- results: what grading found, as data; feedback: feedback pages; report: grade table and summary
- selfcheck: the student's check before handing in
- pipeline: nbgrader's default pipelines with the kit's steps put in
"""
