"""Summaries of figures over liquid seeds, as the experiments' JSON results write them."""

from __future__ import annotations

import numpy as np


def spread(values) -> dict | None:
    """``{"mean", "sd" (ddof=0), "per_seed"}`` of one figure per liquid seed (None: None)."""
    if values is None:
        return None
    a = np.atleast_1d(np.asarray(values, dtype=float))
    return {"mean": float(a.mean()), "sd": float(a.std()), "per_seed": a.tolist()}
