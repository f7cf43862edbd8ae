"""The engine against an independent Brian2 model of the same networks.

Brian2 is imported once, here, before any test module of the package: when it does not import
(not installed, or broken, e.g. by a NumPy it does not support) the oracle is skipped in the
quick tier with the error as the reason, and fails in the full tier (``make test-full``,
``LIQUIDSTATE_FULL=1``; see ``tests/conftest.py``), so that CI cannot pass without it.
"""

import os
import warnings

import pytest


def _import_brian2() -> None:
    try:
        with warnings.catch_warnings():   # brian2 2.9 uses pyparsing's deprecated camelCase API
            warnings.simplefilter("ignore", DeprecationWarning)
            import brian2  # noqa: F401
    except Exception as exc:  # a broken install raises more than ImportError
        error = f"{type(exc).__name__}: {exc}"
    else:
        return
    message = f"Brian2 does not import ({error}); the oracle needs it (pip install -e '.[dev]')"
    if os.environ.get("LIQUIDSTATE_FULL") == "1":    # set by tests/conftest.py in the full tier
        pytest.fail(f"the full tier needs the Brian2 oracle: {message}", pytrace=False)
    pytest.skip(f"{message}; `make test-full` fails here", allow_module_level=True)


_import_brian2()
