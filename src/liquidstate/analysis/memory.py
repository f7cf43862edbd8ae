"""Scores for time-series tasks: memory capacity (Jaeger 2001) and the NRMSE.

Pure functions over arrays of targets and predictions (e.g. from
:func:`liquidstate.datasets.memory_task` and :func:`liquidstate.datasets.narma10`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["memory_function", "memory_capacity", "nrmse"]


def _pair(y_true, y_pred, names=("y_true", "y_pred")) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(y_true, dtype=np.float64)
    b = np.asarray(y_pred, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, got "
                         f"{a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError(f"{names[0]} is empty")
    if np.any(np.isinf(a)) or np.any(np.isinf(b)):
        raise ValueError(f"{names[0]} and {names[1]} must not contain inf")
    return a, b


def memory_function(y_true_delays, y_pred_delays) -> np.ndarray:
    """Squared correlation between target and prediction, one value per delay.

    ``m(k) = corr(u(t - k), y_k(t))^2``, the Pearson correlation over time steps ``t`` of the
    delayed input and the readout trained for delay ``k`` (Jaeger 2001, the "forgetting
    curve"). Rows where the target or the prediction is NaN (e.g. the start, where ``u(t -
    k)`` is undefined) are left out, per delay. A delay whose target or prediction is
    constant over the kept rows (correlation undefined), or with fewer than 2 kept rows,
    scores 0.

    Parameters
    ----------
    y_true_delays, y_pred_delays : array of shape (n_steps, n_delays) or (n_steps,)
        Targets ``u(t - k)`` and predictions, one column per delay.

    Returns
    -------
    ndarray of float64, shape (n_delays,)
        Values in ``[0, 1]``.
    """
    a, b = _pair(y_true_delays, y_pred_delays, ("y_true_delays", "y_pred_delays"))
    if a.ndim == 1:
        a, b = a[:, None], b[:, None]
    if a.ndim != 2:
        raise ValueError(f"y_true_delays must be 1-D or 2-D (n_steps, n_delays), got {a.shape}")
    out = np.zeros(a.shape[1])
    for k in range(a.shape[1]):
        ok = ~(np.isnan(a[:, k]) | np.isnan(b[:, k]))
        if ok.sum() < 2:
            continue
        x = a[ok, k] - a[ok, k].mean()
        y = b[ok, k] - b[ok, k].mean()
        sxx, syy = x @ x, y @ y
        if sxx <= 0 or syy <= 0:
            continue
        out[k] = min(1.0, (x @ y) ** 2 / (sxx * syy))
    return out


def memory_capacity(y_true_delays, y_pred_delays) -> float:
    """Memory capacity (Jaeger 2001): the sum over delays of the squared correlations.

    ``MC = sum_k corr(u(t - k), y_k(t))^2`` over the delays given (columns), see
    :func:`memory_function`. A perfect predictor scores the number of delays; predictions
    unrelated to the input score about ``n_delays / n_steps``. Jaeger's bound: an echo state
    network of ``N`` units with i.i.d. input has ``MC <= N``.

    Parameters
    ----------
    y_true_delays, y_pred_delays : array of shape (n_steps, n_delays)
        Delayed inputs ``u(t - k)`` (e.g. from :func:`liquidstate.datasets.memory_task`) and
        the readouts' predictions; NaN rows are left out per delay.

    Returns
    -------
    float
        Dimensionless, in ``[0, n_delays]``.
    """
    return float(memory_function(y_true_delays, y_pred_delays).sum())


def nrmse(y_true, y_pred, *, axis: int | None = None):
    """Root mean squared error normalised by the standard deviation of the target.

    ``NRMSE = sqrt(mean((y_pred - y_true)^2)) / std(y_true)``, with the population standard
    deviation (``ddof = 0``) over the same elements. Predicting the target's mean scores 1, a
    perfect prediction 0. (Some papers normalise the *squared* error by the variance, the
    NMSE, which is the square of this.) NaN elements in either array are left out.

    Parameters
    ----------
    y_true, y_pred : array
        Target and prediction, same shape.
    axis : int, optional
        Axis over which to compute (e.g. ``0`` for one score per output column); default:
        all elements.

    Returns
    -------
    float or ndarray
        ``inf`` where the target is constant and the error is not zero, ``nan`` where both
        are zero.
    """
    a, b = _pair(y_true, y_pred)
    ok = ~(np.isnan(a) | np.isnan(b))
    if axis is not None and not -a.ndim <= axis < a.ndim:
        raise ValueError(f"axis must lie in [-{a.ndim}, {a.ndim}), got {axis}")
    n = ok.sum(axis=axis)
    if np.any(n == 0):
        raise ValueError("y_true and y_pred have no pair of finite values to compare")
    a0, b0 = np.where(ok, a, 0.0), np.where(ok, b, 0.0)
    mean = a0.sum(axis=axis, keepdims=True) / ok.sum(axis=axis, keepdims=True)
    var = (np.where(ok, a - mean, 0.0) ** 2).sum(axis=axis) / n
    mse = ((a0 - b0) ** 2).sum(axis=axis) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.sqrt(mse) / np.sqrt(var)
    return float(out) if np.ndim(out) == 0 else out
