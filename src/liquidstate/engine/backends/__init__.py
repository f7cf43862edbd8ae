"""The backends: each a module whose ``run_block`` follows :mod:`liquidstate.engine.contract`.

A new backend is a module here and one entry in :data:`BACKENDS`; it is imported only when a
simulation asks for it, so a backend's optional dependencies are not needed by the others.
"""

from __future__ import annotations

import importlib

__all__ = ["BACKENDS", "run_block_of"]

#: Backend name (``simulate(backend=...)``) -> module of this package that holds its run_block.
BACKENDS = {"numba": "numba_cpu", "reference": "reference"}


def run_block_of(backend: str):
    """The ``run_block`` function of ``backend`` (a key of :data:`BACKENDS`)."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {sorted(BACKENDS)}, got {backend!r}")
    return importlib.import_module(f".{BACKENDS[backend]}", __name__).run_block
