"""Where neurons sit and who connects to whom: 3-D grids, the lambda rule, random graphs.

Nothing here builds an ``N x N`` array: connection sampling costs time and memory linear in
the number of candidate synapses, so 10^6-neuron grids are built in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .._validation import positive_int

__all__ = ["grid_positions", "lambda_rule_pairs", "random_pairs", "choose_inhibitory"]


def grid_positions(shape: tuple[int, int, int]) -> np.ndarray:
    """Integer grid positions ``(n, 3)``; neuron ``i`` sits at ``np.unravel_index(i, shape)``."""
    shape = check_shape(shape)
    idx = np.indices(shape).reshape(3, -1).T
    return idx.astype(np.float64)


def check_shape(shape) -> tuple[int, int, int]:
    """``shape`` as a tuple of 3 positive ints (a grid's extent along x, y, z)."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, (Sequence, np.ndarray)):
        raise TypeError(f"shape must be a tuple of 3 positive ints, got {shape!r}")
    if len(shape) != 3:
        raise ValueError(f"shape must be a tuple of 3 positive ints, got {shape!r}")
    return tuple(positive_int(s, f"shape[{i}]") for i, s in enumerate(shape))


def choose_inhibitory(n: int, frac_inhibitory: float, rng: np.random.Generator) -> np.ndarray:
    """Boolean mask with ``round(frac * n)`` inhibitory neurons chosen uniformly at random.

    The inhibitory neurons are the first ``round(frac * n)`` of one random permutation of the
    ``n`` neurons, which depends on ``rng`` and ``n`` only: with the same generator state a
    larger fraction keeps every inhibitory neuron of a smaller one and adds more.
    """
    if not 0.0 <= frac_inhibitory <= 1.0:
        raise ValueError(f"frac_inhibitory must lie in [0, 1], got {frac_inhibitory}")
    mask = np.zeros(n, dtype=bool)
    mask[rng.permutation(n)[:int(round(frac_inhibitory * n))]] = True
    return mask


def lambda_rule_pairs(shape, inhibitory: np.ndarray, C: np.ndarray, lam: float,
                      rng: np.random.Generator, *, autapses: bool = False,
                      tolerance: float = 1e-7) -> tuple[np.ndarray, np.ndarray]:
    """Sample synapses on a grid with probability ``C[type(a), type(b)] * exp(-(d(a,b)/lam)^2)``.

    Parameters
    ----------
    shape : (nx, ny, nz)
        Grid shape; neuron ``i`` sits at ``np.unravel_index(i, shape)`` (unit spacing).
    inhibitory : bool array (n,)
        Neuron types; ``C[0, 1]`` is the probability scale for E->I (pre first).
    C : array (2, 2)
        Connection probability scale by (pre type, post type), 0 = E, 1 = I.
    lam : float
        The length constant lambda in grid units.
    autapses : bool
        Allow a neuron to connect to itself (distance 0, probability ``C``).
    tolerance : float
        Displacements whose probability ``max(C) * exp(-(d/lam)^2)`` is below this are skipped
        (the expected number of synapses lost is ``n * tolerance`` times a few).

    Returns
    -------
    pre, post : int64 arrays sorted by ``(pre, post)``.

    Notes
    -----
    For every displacement vector ``delta`` on the grid, the candidate pairs are all neurons
    whose displaced partner lies inside the grid. Their number ``k`` of connections is drawn
    from ``Binomial(n_valid, max(C) p(delta))``, the ``k`` pairs chosen without replacement,
    then each kept with probability ``C[type pair] / max(C)``: exactly the Bernoulli trial per
    pair, at a cost proportional to the candidates instead of to ``n^2``.
    """
    shape = check_shape(shape)
    C = np.asarray(C, dtype=np.float64)
    if C.shape != (2, 2) or not np.all((C >= 0) & (C <= 1)):  # also rejects NaN
        raise ValueError(f"C must be a 2x2 array of probabilities in [0, 1], got {C!r}")
    if not (np.isfinite(lam) and lam > 0):
        raise ValueError(f"lam (lambda) must be finite and > 0, got {lam}")
    c_max = C.max()
    if c_max == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # Displacements within the cutoff radius where c_max * exp(-(d/lam)^2) >= tolerance.
    r_cut = lam * np.sqrt(max(np.log(c_max / tolerance), 0.0))
    r_int = [min(int(np.floor(r_cut)), s - 1) for s in shape]
    grids = np.meshgrid(*[np.arange(-r, r + 1) for r in r_int], indexing="ij")
    deltas = np.stack([g.ravel() for g in grids], axis=1)
    d2 = (deltas.astype(np.float64) ** 2).sum(axis=1)
    keep = d2 <= r_cut ** 2
    if not autapses:
        keep &= d2 > 0
    deltas, d2 = deltas[keep], d2[keep]
    itype = inhibitory.astype(np.int64)
    pres, posts = [], []
    shp = np.asarray(shape)
    for delta, dist2 in zip(deltas, d2):
        lo = np.maximum(0, -delta)              # valid pre coordinates: lo <= x < hi
        hi = np.minimum(shp, shp - delta)
        box = hi - lo
        n_valid = int(np.prod(box))
        if n_valid <= 0:
            continue
        p = c_max * np.exp(-dist2 / lam ** 2)
        k = rng.binomial(n_valid, p)
        if k == 0:
            continue
        flat = rng.choice(n_valid, size=k, replace=False)
        coords = np.stack(np.unravel_index(flat, tuple(box)), axis=1) + lo
        pre = np.ravel_multi_index(tuple(coords.T), shape)
        post = np.ravel_multi_index(tuple((coords + delta).T), shape)
        ratio = C[itype[pre], itype[post]] / c_max
        accept = rng.random(k) < ratio
        pres.append(pre[accept])
        posts.append(post[accept])
    return _sorted_pairs(pres, posts)


def random_pairs(n: int, p: float, rng: np.random.Generator, *,
                 autapses: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Erdos-Renyi pairs: each ordered pair connected independently with probability ``p``.

    Draws the number of synapses, then that many distinct pairs, without an ``n x n`` array.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p_connect must lie in [0, 1], got {p}")
    n_pairs = n * n if autapses else n * (n - 1)
    if n_pairs == 0 or p == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    k = rng.binomial(n_pairs, p)
    flat = rng.choice(n_pairs, size=k, replace=False).astype(np.int64)
    if autapses:
        pre, post = np.divmod(flat, n)
    else:
        pre, j = np.divmod(flat, n - 1)
        post = j + (j >= pre)  # skip the diagonal
    return _sorted_pairs([pre], [post])


def _sorted_pairs(pres, posts):
    if not pres:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    pre = np.concatenate(pres).astype(np.int64)
    post = np.concatenate(posts).astype(np.int64)
    order = np.lexsort((post, pre))
    return pre[order], post[order]
