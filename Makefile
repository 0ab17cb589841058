# The two commands of the kit:
#   make        build the student notebooks and grade the example class
#   make test   run the whole test suite
# Both first create the virtual environment .venv and install the kit in it.

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# nbgrader runs `alembic` as a program, so the venv's bin must be on PATH.
# (The kit's own commands set up the rest of their environment themselves:
# coursekit/environment.py.)
export PATH := $(BIN):$(PATH)

EXERCISES := $(notdir $(wildcard source/ex*))

.PHONY: all setup release work example grade test clean clean-example

all: example

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-cluster.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# (setuptools prints a banner about editable installs as a warning: not for the user)
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install --quiet -r requirements-dev.txt
	# Build matplotlib's font cache now: building it later writes to stderr,
	# and nbgrader scores a test cell 0 when it writes to stderr.
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@

# nbgrader generate_assignment for each exercise, but never over a release notebook
# changed since it was generated (coursekit/release.py); students work in work/.
release: setup
	@$(BIN)/python -m coursekit release

# Students: your own copies of the notebooks, in work/ (never overwritten).
work: setup
	@$(BIN)/python -m coursekit work

# Your class: import HANDINS (a folder or zip), if given, then grade everything in submitted/:
#   make grade HANDINS=~/Downloads/submissions.zip
#   make grade                  (what is in submitted/ already, e.g. after `python -m coursekit import`)
# Never the example class: that is `make example` (and `make` on its own).
HANDINS ?=

grade: release
	@$(BIN)/python -m coursekit grade $(HANDINS)

# The example class (examples/class/), imported and graded; refused once you
# removed it with `make clean-example`, so it cannot come back into a term's gradebook.
EXAMPLE_REMOVED := .coursekit-example-removed

example: release
	@if [ -f $(EXAMPLE_REMOVED) ]; then \
	  echo "The example class was removed (make clean-example) and is not graded again."; \
	  echo "Grade your class with: make grade HANDINS=<folder or zip>  (or just: make grade)"; \
	  echo "To see the example again: rm $(EXAMPLE_REMOVED) && make example"; \
	  exit 2; \
	fi
	$(BIN)/python -m coursekit grade examples/class

# ruff (configured in pyproject.toml) first: a lint error fails the suite too.
test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The students of the example class, from its file names (alice_ex1_....ipynb -> alice).
EXAMPLE_STUDENTS := $(sort $(foreach f,$(notdir $(wildcard examples/class/*.ipynb)),$(firstword $(subst _, ,$(f)))))

# Remove what grading writes and writes again from submitted/. Hand-ins
# (submitted/) and the gradebook (manual grades) are never removed here.
clean:
	rm -rf autograded/*/ feedback grades.csv

# Remove the example class from submitted/, autograded/, feedback/ and the
# gradebook, before you grade a real class.
clean-example: setup
	for s in $(EXAMPLE_STUDENTS); do \
	  rm -rf submitted/$$s autograded/$$s feedback/$$s; \
	  if [ -f gradebook.db ]; then $(BIN)/nbgrader db student remove $$s --force --log-level=ERROR || true; fi; \
	done
	rm -f grades.csv
	touch $(EXAMPLE_REMOVED)
