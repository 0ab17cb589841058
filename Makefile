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

.PHONY: all setup release grade test clean clean-example

all: grade

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-cluster.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	# Build matplotlib's font cache now: building it later writes to stderr,
	# and nbgrader scores a test cell 0 when it writes to stderr.
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@

release: setup
	cd $(CURDIR) && for ex in $(EXERCISES); do \
	  $(BIN)/nbgrader generate_assignment $$ex --force --log-level=WARN || exit 1; \
	done

# The hand-ins to grade: the example class, or your own folder or zip:
#   make grade HANDINS=~/Downloads/submissions.zip
HANDINS ?= examples/class

grade: release
	$(BIN)/python -m coursekit grade $(HANDINS)

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
