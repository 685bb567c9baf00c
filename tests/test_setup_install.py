# Copyright 2026 KAM for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""setup/run on a machine where no Odoo is importable: the install path, end to end.

Plain pytest (no Odoo needed in this process). A copy of the repository without `.kam/`
runs `setup/run` with `PYTHON` unset and a `python3` on `PATH` that cannot import Odoo
(a fresh virtual environment), `ODOO_SOURCE` = a local copy of Odoo 18.0's sources:
`KAM_LOCAL_ODOO_SOURCE`, else the source tree of the Odoo this interpreter imports.
"""

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIRST_RUN_TIMEOUT = 30 * 60
SECOND_RUN_LIMIT = 60


def _loud(capsys, line):
    with capsys.disabled():
        print(f"\n*** test_setup_install: {line}", flush=True)


def _local_odoo_source():
    """A local directory holding Odoo 18.0's sources, or None."""
    candidates = []
    if os.environ.get("KAM_LOCAL_ODOO_SOURCE"):
        candidates.append(Path(os.environ["KAM_LOCAL_ODOO_SOURCE"]))
    spec = importlib.util.find_spec("odoo")
    if spec and spec.submodule_search_locations:
        candidates.append(
            Path(list(spec.submodule_search_locations)[0]).resolve().parent
        )
    for path in candidates:
        release = path / "odoo" / "release.py"
        if release.is_file() and (path / "requirements.txt").is_file():
            if "version_info = (18, 0" in release.read_text():
                return path
    return None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_repo(dest):
    ignore = shutil.ignore_patterns(
        ".kam", ".git", "__pycache__", ".ruff_cache", ".pytest_cache"
    )
    shutil.copytree(REPO, dest, ignore=ignore)


def _python_without_odoo(tmp_path):
    """A directory to put first on PATH whose python3 cannot import Odoo."""
    base = tmp_path / "basepy"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(base)], check=True
    )
    probe = subprocess.run(
        [str(base / "bin" / "python3"), "-c", "import odoo"], cwd="/"
    )
    assert probe.returncode != 0, "a fresh virtual environment imports Odoo"
    return base / "bin"


def _env(bin_dir, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "VIRTUAL_ENV")}
    env = {k: v for k, v in env.items() if not k.startswith(("KAM_TEST_", "PYTEST_"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def _login_status(port):
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/web/login", timeout=10
        ) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def _serve_until_login(repo, env, log_path, timeout):
    """Start setup/run, wait for /web/login to answer 200; return (seconds, process)."""
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            ["setup/run"],
            cwd=repo,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            tail = Path(log_path).read_text()[-4000:]
            pytest.fail(
                f"setup/run exited with {proc.returncode} before serving:\n{tail}"
            )
        if _login_status(env["KAM_PORT"]) == 200:
            return time.monotonic() - start, proc
        time.sleep(1)
    _stop(proc)
    pytest.fail(
        f"/web/login did not answer within {timeout} s:\n"
        + Path(log_path).read_text()[-4000:]
    )


def _stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)


def _drop_db(env, name):
    cmd = [
        "psql",
        "-X",
        "-q",
        "-d",
        "postgres",
        "-c",
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
    ]
    for var, opt in (
        ("KAM_DB_HOST", "-h"),
        ("KAM_DB_PORT", "-p"),
        ("KAM_DB_USER", "-U"),
    ):
        if env.get(var):
            cmd[1:1] = [opt, env[var]]
    subprocess.run(cmd, env=env, check=False, capture_output=True)


def test_setup_run_refuses_a_bad_source_and_leaves_nothing_half_made(tmp_path):
    """A source that is no Odoo: the failed step is named and no .kam/venv is left."""
    repo = tmp_path / "repo"
    _copy_repo(repo)
    env = _env(
        _python_without_odoo(tmp_path),
        ODOO_SOURCE=str(tmp_path / "no-such-odoo.tar.gz"),
    )
    env["KAM_DB"] = f"kam_setuptest_bad_{os.getpid()}"
    res = subprocess.run(
        ["setup/run"], cwd=repo, env=env, capture_output=True, text=True, timeout=600
    )
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "Setup failed in step 'Odoo 18.0 sources" in out, out
    assert not (repo / ".kam" / "venv").exists(), out
    assert not (repo / ".kam" / "venv.new").exists(), out
    assert not (repo / ".kam" / "odoo").exists(), out


def test_setup_run_installs_odoo_then_starts_in_seconds(tmp_path, capsys):
    """No importable Odoo: setup/run installs it into .kam/ and serves; then quickly."""
    source = _local_odoo_source()
    if source is None:
        reason = (
            "SKIPPED the install path of setup/run: no local copy of Odoo 18.0's "
            "sources (set KAM_LOCAL_ODOO_SOURCE to one)"
        )
        _loud(capsys, reason)
        pytest.skip(reason)
    repo = tmp_path / "repo"
    _copy_repo(repo)
    db = f"kam_setuptest_{os.getpid()}"
    env = _env(
        _python_without_odoo(tmp_path),
        ODOO_SOURCE=str(source),
        KAM_DB=db,
        KAM_PORT=str(_free_port()),
    )
    proc = None
    try:
        first, proc = _serve_until_login(
            repo, env, tmp_path / "run1.log", FIRST_RUN_TIMEOUT
        )
        _stop(proc)
        log1 = (tmp_path / "run1.log").read_text()
        assert "setting it up in .kam/" in log1, log1[-4000:]
        assert (repo / ".kam" / "venv" / ".kam-complete").is_file()
        assert not (repo / ".kam" / "venv.new").exists()
        assert not (repo / ".kam" / "odoo" / ".git").exists()

        second, proc = _serve_until_login(
            repo, env, tmp_path / "run2.log", SECOND_RUN_LIMIT * 3
        )
        _stop(proc)
        log2 = (tmp_path / "run2.log").read_text()
        _loud(
            capsys,
            f"setup/run from {source}: first run (install + demo database) "
            f"{first:.0f} s, second run {second:.1f} s",
        )
        steps = [line for line in log2.splitlines() if line.startswith("==>")]
        assert not steps, f"the second run repeated install steps: {steps}"
        assert "Creating database" not in log2 and "Upgrading" not in log2, log2[-2000:]
        assert second < SECOND_RUN_LIMIT, f"second start took {second:.0f} s"
    finally:
        if proc is not None:
            _stop(proc)
        _drop_db(env, db)
        shutil.rmtree(repo / ".kam", ignore_errors=True)  # gigabytes of sources
