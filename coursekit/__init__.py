"""The instructor's side of the course kit, and the student's self-check.

Steps that run inside nbgrader (nbgrader_config.py puts them in its pipelines):
- preprocessors/: check_hidden_test_form, skeleton (release); surrogates, dedupe, restore_cells,
  reset_metadata (sanitising a hand-in); split_hidden_tests, execute, judge_hidden_tests
  (autograde); hide_hidden_tests, safe_feedback (feedback)
- sandbox/: the kernel manager, launcher, bubblewrap options, cgroups and kernel slots
  that confine each student kernel
- hidden_tests: the form of a test cell; transport: values from the kernel, as data
- checks: the assertions the checks parts use, with messages students understand
- output_budget, surrogates: what a graded notebook may hold

Code that drives nbgrader (`python -m coursekit ...`):
- course: the course folder; environment: the process environment, set where a command starts
- handin, unpack: import hand-ins; precheck: checks before a hand-in runs; tamper: the static scan
- grading, stamps, workers, cluster, progress: grade a class, resumably, on all cores or a Dask cluster
- results: what grading found, as data; feedback, feedback_exporter: feedback pages;
  report: grade table and summary
- deadlines, late, late_summary, term, timestamps: due dates, extensions, the late policy
- export/: grades and feedback for Canvas and Moodle
- classreport, charts, classpage, reporting, similarity: the class report and look-alike hand-ins
- release: release/ never over a changed notebook, students' working copies in work/
- selfcheck: the student's check before handing in
- pipeline: nbgrader's default pipelines with the kit's steps put in
"""
