"""Tests of siouxdnn.explorer: widgets where a front end shows them, one plain image where none does."""
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from siouxdnn import explorer

CALLS = "calls = []\ndef run(learning_rate, batch_size, optimiser):\n" \
        "    calls.append((learning_rate, batch_size, optimiser))\n" \
        "    return {'train_loss': [0.7, 0.5, 0.4], 'val_loss': [0.7, 0.55, 0.5]}\n"


def fake_run(calls):
    def run(learning_rate, batch_size, optimiser):
        calls.append((learning_rate, batch_size, optimiser))
        return {"train_loss": [0.7, 0.5, 0.4], "val_loss": [0.7, 0.55, 0.5 + learning_rate]}
    return run


@pytest.mark.parametrize("environment, shows", [
    ({}, False),
    ({"JPY_SESSION_NAME": "/course/ex4.ipynb"}, True),
    ({"VSCODE_PID": "123"}, True),
    ({"JPY_SESSION_NAME": "/course/ex4.ipynb", "NBGRADER_EXECUTION": "autograde"}, False),
])
def test_widgets_only_where_a_front_end_shows_them(monkeypatch, environment, shows):
    """A Jupyter server's or VS Code's kernel shows widgets; autograding and plain runs do not."""
    for name in ("JPY_SESSION_NAME", "VSCODE_PID", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert explorer.front_end_shows_widgets() is shows


def test_summary_names_the_settings_and_final_losses():
    """The line under the plot says what was trained and where it ended."""
    history = {"train_loss": [0.7, 0.4], "val_loss": [0.7, 0.5]}
    assert explorer.summary(history, 0.01, 32, "adam") == (
        "adam, learning rate 0.01, batch size 32: after 2 epochs training loss 0.400, validation loss 0.500"
    )


def test_moving_a_control_trains_again_with_its_value(monkeypatch):
    """Each change of the learning rate, batch size or optimiser calls run with the new settings."""
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects, **kwargs: shown.extend(objects))
    calls = []
    explorer.explore(fake_run(calls), learning_rate=0.01, batch_size=32, optimiser="sgd", interactive=True)
    assert calls == [(0.01, 32, "sgd")]
    box = next(o for o in shown if hasattr(o, "children"))
    rate, size, choice, _ = box.children
    rate.value = 0.1
    size.value = 8
    choice.value = "adam"
    assert calls[1:] == [(0.1, 32, "sgd"), (0.1, 8, "sgd"), (0.1, 8, "adam")]


def _run_notebook(tmp_path, env_line):
    notebook = new_notebook(cells=[
        new_code_cell(env_line + CALLS),
        new_code_cell("from siouxdnn.explorer import explore\nexplore(run)"),
    ])
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return notebook


def test_a_headless_run_keeps_one_image_and_no_widgets(tmp_path):
    """Run by nbclient (as nbconvert and nbgrader do) the cell keeps one image, one line and no widget state."""
    notebook = _run_notebook(tmp_path, "import os\nos.environ.pop('JPY_SESSION_NAME', None)\n")
    outputs = notebook.cells[1].outputs
    assert [o.output_type for o in outputs] == ["display_data", "stream"]
    assert "image/png" in outputs[0].data
    assert not any("widget" in key for o in outputs for key in o.get("data", {}))
    assert outputs[1].text == ("sgd, learning rate 0.01, batch size 32: after 3 epochs "
                               "training loss 0.400, validation loss 0.500\n")
    assert "widgets" not in notebook.metadata


def test_under_a_jupyter_server_it_shows_widgets(tmp_path):
    """With a front end (here pretended by JPY_SESSION_NAME) the cell shows a widget view."""
    notebook = _run_notebook(tmp_path, "import os\nos.environ['JPY_SESSION_NAME'] = 'ex4.ipynb'\n")
    views = [o for o in notebook.cells[1].outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1
