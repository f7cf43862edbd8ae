"""Summaries of figures over liquid seeds, as the experiments' JSON results write them.

One layout for every task: a figure per liquid seed (or a row of figures per seed: one per
segment, readout or delay) is summarised by :func:`spread`, and the liquid is set beside its
no-liquid control by :func:`versus_control`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_ABSENT = object()


def spread(values) -> dict | None:
    """``{"mean", "sd" (ddof=0), "per_seed"}`` over the liquid seeds (None: None).

    ``values`` holds one figure per seed, shape ``(n_seeds,)`` (the mean and SD are numbers),
    or a row of figures per seed, ``(n_seeds, n_columns)`` (they are lists, one per column).
    """
    if values is None:
        return None
    a = np.asarray(values, dtype=float)
    if a.ndim == 0:
        a = a[None]
    return {"mean": a.mean(axis=0).tolist(), "sd": a.std(axis=0).tolist(),
            "per_seed": a.tolist()}


def versus_control(liquid, control, *, esn=_ABSENT,
                   interval: Callable[[float, int], tuple[float, float]] | None = None,
                   n_trials: int | None = None) -> dict | None:
    """The liquid's figures beside the control's and their difference (None: None).

    Parameters
    ----------
    liquid : array, (n_seeds,) or (n_seeds, n_columns)
        The liquid's figure(s) per liquid seed; ``None`` gives ``None`` (a state skipped).
    control : float, array (n_columns,), or rows of them like ``liquid``
        The control's figure(s): the same readout on the input alone, which does not depend
        on the liquid seed (given with as many dimensions as ``liquid``, one row per seed or
        a single row, it is reduced to its first row).
    esn : array like ``liquid`` or None, optional
        When given, an ``"esn"`` entry (:func:`spread`; ``None`` stays ``None``).
    interval : callable, optional
        ``interval(proportion, n) -> (low, high)``, e.g. a Wilson interval: then the liquid
        gets ``"ci95"`` over its ``n_trials * n_seeds`` pooled trials and the control is
        summarised like the liquid with ``"ci95"`` over its ``n_trials``.
    n_trials : int, optional
        Trials per seed behind each figure (required with ``interval``).

    Returns
    -------
    dict
        ``{"liquid": spread, "control": value(s) (or a spread with ``interval``),
        ["esn": spread,] "difference": spread of liquid - control per seed}``.
    """
    if liquid is None:
        return None
    lq = np.asarray(liquid, dtype=float)
    ct = np.asarray(control, dtype=float)
    if lq.ndim >= 1 and ct.ndim == lq.ndim:
        ct = ct[0]                               # the control does not depend on the seed
    out = {"liquid": spread(lq), "control": ct.tolist()}
    if interval is not None:
        n_seeds = lq.shape[0]
        out["liquid"]["ci95"] = list(interval(float(lq.mean()), n_trials * n_seeds))
        out["control"] = {**spread(np.broadcast_to(ct, lq.shape)),
                          "ci95": list(interval(float(ct.mean()), n_trials))}
    if esn is not _ABSENT:
        out["esn"] = spread(esn)
    out["difference"] = spread(lq - ct)
    return out
