"""Shared fixtures and the two test tiers.

Quick tier (``make test``, the default): everything but the tests marked ``slow``; a missing
optional dependency (Brian2, ReservoirPy, soundfile, ...) or a missing dataset skips the
tests that need it, with the reason in the summary.

Full tier (``make test-full``, ``.ci/run``; ``pytest --full``, ``LIQUIDSTATE_FULL=1``, or
``CI=true`` unless ``LIQUIDSTATE_FULL=0``): everything, and what the quick tier skips for want
of a dependency or of the FSDD data is a failure instead, so that CI cannot pass without
having run the Brian2 oracle, the ESN baseline and the FSDD runs.

Markers (declared in ``pyproject.toml``): ``slow`` (full tier only), ``oracle`` (against
Brian2), ``data`` (reads a dataset from ``../shared``; added here to every test that uses the
``fsdd_dir`` fixture).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Environment variable that selects the full tier (``--full`` sets it, so that the examples
#: and other subprocesses see the same tier).
FULL_ENV = "LIQUIDSTATE_FULL"

#: Modules the full tier needs (the ``dev`` extra): a test skipped because one of them does
#: not import fails there instead.
FULL_TIER_MODULES = frozenset({"brian2", "reservoirpy", "soundfile", "librosa", "matplotlib",
                               "tqdm", "hypothesis", "threadpoolctl", "numba_cuda",
                               "nir"})

#: Tests of other modules that take ten seconds or more on 2 cores and are covered in the
#: quick tier by a smaller run (``tests/test_golden.py``): full tier only. A test module can
#: instead mark itself with ``pytestmark = pytest.mark.slow`` or a test with
#: ``@pytest.mark.slow``; ids listed here that no longer exist are ignored.
SLOW_TESTS = frozenset({
    "tests/experiments/test_segments.py::test_four_segments_the_liquid_remembers",
    "tests/experiments/test_templates.py::test_ten_templates_the_liquid_matters",
    "tests/experiments/test_multitask.py::test_thousand_neurons_reach_the_targets",
    "tests/experiments/test_narma.py::test_esn_benchmark",
})

_IMPORT_SKIP = re.compile(r"could not import '([\w.]+)'")


def full_tier() -> bool:
    """Whether this run is the full tier: ``--full``, ``LIQUIDSTATE_FULL=1``, or ``CI=true``
    without ``LIQUIDSTATE_FULL`` (``LIQUIDSTATE_FULL=0`` gives the quick tier in CI)."""
    value = os.environ.get(FULL_ENV, "").strip().lower()
    if value:
        return value in {"1", "true", "yes"}
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(what: str, how: str) -> None:
    """Skip (quick tier) or fail (full tier) a test for want of ``what``; ``how`` says how to
    provide it. Usable at module level."""
    message = f"{what} ({how})"
    if full_tier():
        pytest.fail(f"the full tier needs {message}", pytrace=False)
    pytest.skip(f"{message}; `make test-full` fails here", allow_module_level=True)


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true", default=False,
                     help="run the full tier: slow tests too, and a missing Brian2, "
                          "ReservoirPy or FSDD fails instead of skipping (also "
                          f"{FULL_ENV}=1)")


def pytest_configure(config):
    # in the environment, so that the examples and other subprocesses see the same tier
    if config.getoption("--full"):
        os.environ[FULL_ENV] = "1"
    elif full_tier():
        os.environ[FULL_ENV] = "1"            # CI=true


def pytest_report_header(config):
    if full_tier():
        return "liquidstate: full tier (slow tests run; missing Brian2, ReservoirPy or FSDD fail)"
    return "liquidstate: quick tier (slow tests skipped; `make test-full` runs everything)"


def pytest_collection_modifyitems(config, items):
    skip_slow = pytest.mark.skip(reason="slow: full tier only (`make test-full`, "
                                        f"`pytest --full` or {FULL_ENV}=1)")
    full = full_tier()
    for item in items:
        if item.nodeid in SLOW_TESTS or item.nodeid.split("[")[0] in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if "fsdd_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.data)
        if not full and item.get_closest_marker("slow") is not None:
            item.add_marker(skip_slow)


def _strict_skip(report) -> str | None:
    """The failure message for a skip the full tier does not allow, else None."""
    if not report.skipped or hasattr(report, "wasxfail") or not full_tier():
        return None
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    found = _IMPORT_SKIP.search(reason)
    if found and found.group(1).split(".")[0] in FULL_TIER_MODULES:
        return (f"the full tier needs {found.group(1)} (pip install -e '.[dev]'): {reason}")
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    message = _strict_skip(report)
    if message is not None:
        report.outcome, report.longrepr = "failed", message
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    message = _strict_skip(report)
    if message is not None:
        report.outcome, report.longrepr = "failed", message
    return report


def fsdd_path() -> Path | None:
    """The Free Spoken Digit Dataset's folder (holding ``recordings/``): ``$LIQUIDSTATE_FSDD``,
    else the workplace copy ``<repo>/../shared/datasets/fsdd``; None when neither exists."""
    for root in (os.environ.get("LIQUIDSTATE_FSDD"),
                 ROOT.parent / "shared" / "datasets" / "fsdd"):
        if root and (Path(root) / "recordings").is_dir():
            return Path(root)
    return None


@pytest.fixture(scope="session")
def fsdd_dir() -> Path:
    """The Free Spoken Digit Dataset's folder, read-only (see :func:`fsdd_path`); tests that
    use it are skipped without it in the quick tier and fail in the full tier."""
    root = fsdd_path()
    if root is None:
        missing("the Free Spoken Digit Dataset",
                f"set LIQUIDSTATE_FSDD or put it in {ROOT.parent / 'shared' / 'datasets'}")
    return root
