"""Start a JupyterLab server for a browser test, and always stop it again.

The server runs from the kit's own environment (sys.executable -m jupyter
lab), listens on a free port on 127.0.0.1 only, needs a random token, and
serves one temporary folder. Its configuration, runtime, settings and
workspace folders are temporary too, so neither the developer's own Jupyter
settings nor an earlier run change what the test sees. The same server also
serves Notebook 7 (/tree, /notebooks/...) when the notebook package is
installed, because `jupyter lab` loads every enabled server extension.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_loopback_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def modules_importable(names, cwd, env):
    """True if the kit's Python can import every module in `names` from `cwd`."""
    check = (
        "import importlib.util, sys; "
        f"sys.exit(0 if all(importlib.util.find_spec(m) for m in {list(names)!r}) else 1)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=cwd, env=env, capture_output=True, timeout=60
    )
    return result.returncode == 0


class JupyterServer:
    """One `jupyter lab` process serving `root_dir`; see start() and stop()."""

    def __init__(self, root_dir, state_dir, log_path, extra_pythonpath=()):
        self.root_dir = Path(root_dir)
        self.state_dir = Path(state_dir)
        self.log_path = Path(log_path)
        self.extra_pythonpath = [str(p) for p in extra_pythonpath]
        self.token = secrets.token_hex(24)
        self.port = None
        self.process = None
        self._log_file = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        """The address of `path` (such as "lab/tree/x.ipynb"), token included."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{separator}token={self.token}"

    def environment(self):
        """The server's environment: the kit's Python first, private Jupyter folders."""
        env = dict(os.environ)
        for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_TOKEN", "JUPYTER_PREFER_ENV_PATH"):
            env.pop(name, None)
        folders = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython",
        }
        for name, folder in folders.items():
            path = self.state_dir / folder
            path.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
        # As in an activated virtual environment: the kernel's `python` is the kit's.
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        if self.extra_pythonpath:
            old = [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []
            env["PYTHONPATH"] = os.pathsep.join(self.extra_pythonpath + old)
        env["PYTHONUNBUFFERED"] = "1"
        # Answer JupyterLab's first-run question "get notified about official
        # Jupyter news?" with no: nothing may reach out, and its toast would
        # cover part of the screenshots.
        settings = self.state_dir / "lab-settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False})
        )
        return env

    def command(self):
        command = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            # Nothing may reach out to the internet: no news feed, no update check.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI and these machines run as root
        return command

    def start(self, timeout=90):
        """Start the server and wait until its REST API answers (or raise)."""
        env = self.environment()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "wb")
        for _attempt in range(3):
            self.port = free_loopback_port()
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.root_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            if self._wait_until_answering(timeout):
                return self
            if self.process.poll() is None or "already in use" not in self.log_tail():
                break  # only a port taken meanwhile is worth another try
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not start and answer within {timeout} s; see {self.log_path}:\n"
            + self.log_tail()
        )

    def _wait_until_answering(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                status = self.api("GET", "api/status", timeout=5)
                if "started" in status:
                    return True
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(0.25)
        return False

    def api(self, method, path, body=None, timeout=10):
        """Call the server's REST API and return the decoded JSON answer (or {})."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base_url}/{path.lstrip('/')}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else {}

    def log_tail(self, lines=40):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        """Stop the server and its kernels; safe to call more than once."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            # A clean shutdown also shuts down the kernels, which run in
            # sessions of their own and so are not in the server's process group.
            try:
                self.api("POST", "api/shutdown", timeout=5)
            except (OSError, urllib.error.URLError, ValueError):
                pass
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                if process.poll() is not None:
                    break
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    pass
        self._kill_leftover_kernels()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def _kill_leftover_kernels(self):
        """Kill kernels of this server that outlived it (only if it had to be killed).

        They are found by their connection file, which lies in this server's
        private runtime folder, so no other process can match.
        """
        runtime_dir = str(self.state_dir / "runtime") + os.sep
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                argv = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(arg.decode(errors="replace").startswith(runtime_dir) for arg in argv):
                try:
                    os.kill(int(proc.name), signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
