"""One seed -> independent random streams, keyed by purpose and sample index.

Every random draw in liquidstate goes through these functions, so that a single integer seed
fixes everything and a sample's randomness depends only on ``(seed, purpose, sample index)``:
never on its position in a batch, the batch size, the chunking of a stream or the number of
threads. There is no global generator and nothing here keeps state.

A purpose names one kind of draw, as finely as an ablation needs: the network builders draw
from ``"network.types"``, ``"network.connections"``, ``"network.amplitudes"``, ... (see
``liquidstate.network.build.STREAMS``), so a switch that changes how many numbers one kind of
draw takes leaves the numbers of every other kind as they were.
"""

from __future__ import annotations

import zlib

import numpy as np

from ._validation import nonnegative_int

__all__ = ["rng", "sample_key", "check_seed"]


def check_seed(seed: object, name: str = "seed") -> int:
    """Return ``seed`` as a non-negative int, or raise (``TypeError`` for a non-integer,
    ``ValueError`` for a negative one) naming ``name``."""
    return nonnegative_int(seed, name)


def _purpose_id(purpose: str) -> int:
    # crc32 is stable across Python processes (unlike hash()), so keys are reproducible.
    return zlib.crc32(purpose.encode("utf-8"))


def rng(seed: int, purpose: str, *index: int) -> np.random.Generator:
    """A NumPy generator for one purpose (and optionally one sample index).

    Parameters
    ----------
    seed : int
        The user's seed.
    purpose : str
        What the numbers are for, e.g. ``"network"``, ``"v_init"``, ``"poisson"``.
    *index : int
        Further keys, typically the sample index.
    """
    seed = check_seed(seed)
    key = (_purpose_id(purpose), *(int(i) for i in index))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


def sample_key(seed: int, purpose: str, index: int) -> np.uint64:
    """A 64-bit key for counter-based random numbers drawn inside compiled kernels."""
    seed = check_seed(seed)
    ss = np.random.SeedSequence(seed, spawn_key=(_purpose_id(purpose), int(index)))
    return ss.generate_state(1, dtype=np.uint64)[0]
