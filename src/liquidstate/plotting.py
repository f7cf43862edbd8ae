"""Plots of liquid activity (spike rasters, state-variable traces) and of experiment results
(accuracy of the liquid against its no-liquid control).

Every function takes ``ax=None`` (``None`` makes a new figure with :mod:`matplotlib.pyplot`)
and returns the :class:`~matplotlib.axes.Axes` it drew on. matplotlib is an optional
dependency (``pip install 'liquidstate[plot]'``), imported only when a function is called.
To write files without a display, draw on a ``matplotlib.figure.Figure`` (which renders with
Agg) or select the Agg backend; nothing here calls ``plt.show()``.
"""

from __future__ import annotations

import numpy as np

from ._validation import sample_index
from .spikes import SpikeTrains

__all__ = ["raster", "traces", "accuracy_bars"]

#: Default colours: excitatory, inhibitory, and input spikes (or all spikes without types).
E_COLOR = "#1f5fa8"
I_COLOR = "#d62728"
INPUT_COLOR = "#222222"
#: Default colours of results: the liquid and its no-liquid control.
LIQUID_COLOR = "#1f5fa8"
CONTROL_COLOR = "#9a9a9a"
#: Default colour of a third method beside the liquid and its control (e.g. MFCCs).
BASELINE_COLOR = "#e08a2c"

_UNITS = {"v": (1e3, "membrane potential (mV)"),
          "i_e": (1e9, "excitatory current (nA)"),
          "i_i": (1e9, "inhibitory current (nA)")}


def _require_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError("plotting needs matplotlib: pip install 'liquidstate[plot]'") \
            from None


def _tick_size(ax, n_rows: int) -> float:
    """Marker size (points) so that a '|' tick fills about one raster row."""
    fig = ax.figure
    height_pt = ax.get_window_extent().height * 72.0 / fig.dpi
    return float(np.clip(1.1 * height_pt / max(n_rows, 1), 1.0, 8.0))


def raster(spikes: SpikeTrains, sample: int = 0, ax=None, network=None, *,
           inputs: SpikeTrains | None = None, input_ax=None, sort_by_type: bool = True,
           e_color: str = E_COLOR, i_color: str = I_COLOR, input_color: str = INPUT_COLOR,
           markersize: float | None = None, title: str | None = None, legend: bool = True):
    """Spike raster of one sample: time on x, neuron on y.

    Parameters
    ----------
    spikes : SpikeTrains
        Liquid spikes (channel = neuron), e.g. ``simulate(...).spikes``.
    sample : int
        Which sample to draw.
    ax : matplotlib Axes, optional
        Where to draw the raster; default a new figure.
    network : Network, optional
        Colours excitatory neurons ``e_color`` and inhibitory ones ``i_color``; with
        ``sort_by_type`` the excitatory neurons are drawn in the lower rows and the inhibitory
        ones above them (each group in index order). Without a network every spike is drawn
        in ``input_color`` at its neuron index.
    inputs : SpikeTrains, optional
        Input spikes; sample ``sample`` is drawn in a small panel above the raster:
        ``input_ax`` if given, otherwise a new axes split off the top of ``ax``.
    markersize : float, optional
        Tick size in points; by default about one row of the raster.
    title : str, optional
        Title of the top panel.
    legend : bool
        Label the E and I colours (with a network).

    Returns
    -------
    matplotlib.axes.Axes
        The raster's axes (the input panel, if any, is ``ax.figure.axes`` beside it).
    """
    _require_matplotlib()
    if not isinstance(spikes, SpikeTrains):
        raise TypeError(f"spikes must be SpikeTrains, got {type(spikes).__name__}")
    s = sample_index(sample, "sample", spikes.n_samples)
    if inputs is not None:
        if not isinstance(inputs, SpikeTrains):
            raise TypeError(f"inputs must be SpikeTrains, got {type(inputs).__name__}")
        sample_index(sample, "sample (for inputs)", inputs.n_samples)
    n = spikes.n_channels
    if network is not None:
        inhibitory = np.asarray(getattr(network, "inhibitory", None), dtype=bool)
        if inhibitory.shape != (n,):
            raise ValueError(f"network must be a Network with {n} neurons (one per spike "
                             f"channel), got {network!r}")
    else:
        inhibitory = None

    if ax is None:
        import matplotlib.pyplot as plt

        if inputs is not None and input_ax is None:
            _, (input_ax, ax) = plt.subplots(
                2, 1, sharex=True, figsize=(8, 5), constrained_layout=True,
                gridspec_kw=dict(height_ratios=[1, 4]))
        else:
            _, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    elif inputs is not None and input_ax is None:
        from mpl_toolkits.axes_grid1 import make_axes_locatable

        input_ax = make_axes_locatable(ax).append_axes("top", size="25%", pad=0.08, sharex=ax)

    t, c = spikes.sample(s)
    duration = float(spikes.durations[s])
    ms = markersize if markersize is not None else _tick_size(ax, n)
    if inhibitory is None:
        ax.plot(t, c, "|", color=input_color, markersize=ms, linestyle="none")
        ax.set_ylabel("neuron")
    else:
        if sort_by_type:
            row = np.empty(n, dtype=np.int64)
            exc = np.flatnonzero(~inhibitory)
            inh = np.flatnonzero(inhibitory)
            row[exc] = np.arange(exc.size)
            row[inh] = exc.size + np.arange(inh.size)
            if exc.size and inh.size:
                ax.axhline(exc.size - 0.5, color="0.7", linewidth=0.6, zorder=0)
            ax.set_ylabel("neuron (E below, I above)")
        else:
            row = np.arange(n)
            ax.set_ylabel("neuron")
        is_i = inhibitory[c]
        n_e, n_i = int((~inhibitory).sum()), int(inhibitory.sum())
        ax.plot(t[~is_i], row[c[~is_i]], "|", color=e_color, markersize=ms, linestyle="none",
                label=f"E ({n_e})")
        ax.plot(t[is_i], row[c[is_i]], "|", color=i_color, markersize=ms, linestyle="none",
                label=f"I ({n_i})")
        if legend:
            ax.legend(loc="upper right", fontsize="small", markerscale=max(1.0, 6.0 / ms),
                      framealpha=0.85, handlelength=1.0)
    ax.set_xlim(0.0, duration)
    ax.set_ylim(-0.5, n - 0.5)
    ax.set_xlabel("time (s)")

    top = ax
    if inputs is not None:
        ti, ci = inputs.sample(s)
        k = inputs.n_channels
        input_ax.plot(ti, ci, "|", color=input_color, linestyle="none",
                      markersize=markersize if markersize is not None
                      else _tick_size(input_ax, k))
        input_ax.set_ylim(-0.5, k - 0.5)
        input_ax.set_yticks(np.arange(k) if k <= 8 else np.linspace(0, k - 1, 5).round())
        input_ax.set_ylabel("input")
        input_ax.tick_params(labelbottom=False)
        top = input_ax
    if title is not None:
        top.set_title(title)
    return ax


def traces(recording, variable: str = "v", sample: int = 0, ax=None, *, columns=None,
           labels=None, threshold: float | None = None, **plot_kw):
    """Recorded state-variable traces of one sample against time.

    Parameters
    ----------
    recording : Recording
        The result of ``simulate(..., record=Record(neurons=[...], variables=(...)))``.
    variable : {'v', 'i_e', 'i_i'}
        Membrane potential (drawn in mV) or synaptic current (drawn in nA).
    sample : int
        Which sample.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    columns : sequence of int, optional
        Which recorded traces (positions in ``Record.neurons``); default all.
    labels : sequence of str, optional
        Legend labels, one per drawn trace, e.g. ``[f"neuron {i}" for i in neurons]``.
    threshold : float, optional
        Draw a dashed line at this value (in SI units, e.g. ``15e-3`` V).
    **plot_kw
        Passed to ``ax.plot`` (e.g. ``linewidth``, ``color``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require_matplotlib()
    all_traces = getattr(recording, "traces", None)
    times = getattr(recording, "trace_times", None)
    if not isinstance(all_traces, dict) or times is None:
        raise TypeError(f"recording must be a liquidstate Recording, got "
                        f"{type(recording).__name__}")
    if variable not in _UNITS:
        raise ValueError(f"variable must be one of {tuple(_UNITS)}, got {variable!r}")
    if variable not in all_traces:
        raise ValueError(f"variable {variable!r} was not recorded (recorded: "
                         f"{sorted(all_traces) or 'none'}); simulate with "
                         f"record=Record(neurons=[...], variables=({variable!r},))")
    data = all_traces[variable]
    s = sample_index(sample, "sample", len(data))
    values = np.asarray(data[s])
    t = np.asarray(times[s])
    cols = np.arange(values.shape[1]) if columns is None else np.atleast_1d(np.asarray(columns))
    if cols.size and (not np.issubdtype(cols.dtype, np.integer) or cols.min() < 0
                      or cols.max() >= values.shape[1]):
        raise ValueError(f"columns must be indices in [0, {values.shape[1]}) of the recorded "
                         f"traces, got {columns!r}")
    if labels is not None and len(labels) != cols.size:
        raise ValueError(f"labels must have one entry per drawn trace ({cols.size}), "
                         f"got {len(labels)}")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3), constrained_layout=True)
    scale, ylabel = _UNITS[variable]
    for j, col in enumerate(cols):
        label = labels[j] if labels is not None else f"trace {int(col)}"
        ax.plot(t, values[:, col] * scale, label=label, **plot_kw)
    if threshold is not None:
        ax.axhline(float(threshold) * scale, color="0.4", linestyle="--", linewidth=0.8)
    ax.set_xlabel("time (s)")
    ax.set_ylabel(ylabel)
    if t.size:
        ax.set_xlim(float(t[0]), float(t[-1]))
    if labels is not None:
        ax.legend(fontsize="small")
    return ax


def _interval(value, name: str):
    if value is None:
        return None
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {value!r}") \
            from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo <= hi):
        raise ValueError(f"{name} must be finite with low <= high, got {value!r}")
    return lo, hi


def accuracy_bars(liquid, control, seeds=None, ax=None, *, ci=None, control_ci=None,
                  chance: float | None = None, labels=("liquid", "control (no liquid)"),
                  liquid_color: str = LIQUID_COLOR, control_color: str = CONTROL_COLOR,
                  title: str | None = None):
    """Test accuracy per liquid seed, the liquid's bar beside its control's.

    Each seed gets two bars (liquid, control); a solid line across the plot marks each mean,
    with its confidence interval as a shaded band, and a dotted line marks chance.

    Parameters
    ----------
    liquid, control : sequence of float (n_seeds,)
        Accuracies in ``[0, 1]`` per seed (a control that does not depend on the seed
        repeats its value).
    seeds : sequence of int, optional
        Labels of the seeds (default ``0 .. n_seeds - 1``).
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    ci, control_ci : (float, float), optional
        Confidence interval of the mean accuracy of the liquid and of the control (e.g. the
        Wilson 95% interval, ``TemplateResult.summary()["liquid_ci95"]``).
    chance : float, optional
        Chance accuracy (``1 / n_classes``).
    labels : (str, str)
        Legend labels of the liquid and of the control.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require_matplotlib()
    liquid = np.asarray(liquid, dtype=float).ravel()
    control = np.asarray(control, dtype=float).ravel()
    if liquid.size == 0 or control.shape != liquid.shape:
        raise ValueError(f"liquid and control must be non-empty with one accuracy per seed "
                         f"each, got {liquid.size} and {control.size}")
    for name, values in (("liquid", liquid), ("control", control)):
        if not np.all((values >= 0) & (values <= 1)):
            raise ValueError(f"{name} accuracies must be in [0, 1], got {values.tolist()}")
    if seeds is None:
        seeds = list(range(liquid.size))
    seeds = list(seeds)
    if len(seeds) != liquid.size:
        raise ValueError(f"seeds must have one label per accuracy ({liquid.size}), got "
                         f"{len(seeds)}")
    ci = _interval(ci, "ci")
    control_ci = _interval(control_ci, "control_ci")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(max(4.0, 1.0 + 0.9 * liquid.size), 3.6),
                             constrained_layout=True)
    x = np.arange(liquid.size)
    width = 0.38
    # bands (intervals) behind the bars, mean lines in front of them
    ax.bar(x - width / 2, liquid, width, color=liquid_color, label=labels[0], zorder=2)
    ax.bar(x + width / 2, control, width, color=control_color, label=labels[1], zorder=2)
    for values, interval, color in ((liquid, ci, liquid_color),
                                    (control, control_ci, control_color)):
        ax.axhline(values.mean(), color=color, linewidth=1.2, zorder=3)
        if interval is not None:
            ax.axhspan(interval[0], interval[1], color=color, alpha=0.18, linewidth=0,
                       zorder=1)
    if chance is not None:
        ax.axhline(float(chance), color="0.3", linestyle=":", linewidth=1.0, label="chance",
                   zorder=3)
    ax.set_xticks(x)
    ax.set_xticklabels([str(s) for s in seeds])
    ax.set_xlabel("liquid seed")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.14)                                 # room for the legend above 1
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_xlim(-0.6, liquid.size - 0.4)
    ax.legend(fontsize="small", loc="upper center", ncol=3, frameon=False)
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


# ---------------------------------------------------------------------------- separation
__all__ += ["separation_plot"]  # kept in one block with the function


def separation_plot(times, curves, distances, ax=None, *, colors=None, title: str | None = None,
                    legend: bool = True, **plot_kw):
    """Liquid-state distance over time, one curve per input distance (Maass 2002, Fig. 2).

    Draws what :func:`liquidstate.analysis.separation_curve` returns: for each distance
    ``d(u, v)`` between input spike trains, the mean distance between the two liquid states
    they produce, against time. The separation property shows as curves that lie higher for
    larger input distances (and at 0 for identical inputs from the same initial state).

    Parameters
    ----------
    times : array of float, shape (n_times,)
        Sample times in seconds.
    curves : array of float, shape (n_distances, n_times)
        ``curves[j]`` is the state distance over time for input distance ``distances[j]``.
    distances : sequence of float, length n_distances
        The input distances (Maass 2002: 0, 0.1, 0.2, 0.4), used as legend labels.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    colors : sequence of colours, optional
        One per curve; default shades of one colour, darker for larger input distances.
    title : str, optional
    legend : bool
        Label each curve with its input distance (largest first, as the curves stack).
    **plot_kw
        Passed to ``ax.plot`` (e.g. ``linewidth``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require_matplotlib()
    t = np.asarray(times, dtype=float)
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise ValueError(f"times must be a non-empty 1-D array of finite seconds, got shape "
                         f"{t.shape}")
    d = np.atleast_1d(np.asarray(distances, dtype=float))
    if d.ndim != 1 or d.size == 0 or not np.all(np.isfinite(d)):
        raise ValueError("distances must be a non-empty 1-D sequence of finite numbers")
    c = np.asarray(curves, dtype=float)
    if c.ndim == 1 and d.size == 1:
        c = c[None, :]
    if c.shape != (d.size, t.size):
        raise ValueError(f"curves must have shape (len(distances), len(times)) = "
                         f"({d.size}, {t.size}), got {c.shape}")
    if colors is None:
        import matplotlib

        ranks = np.argsort(np.argsort(d))
        shades = matplotlib.colormaps["Blues"](np.linspace(0.35, 1.0, d.size))
        colors = [shades[r] for r in ranks]
    elif len(colors) != d.size:
        raise ValueError(f"colors must have one colour per curve ({d.size}), got {len(colors)}")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 3.6), constrained_layout=True)
    lines = []
    for j in range(d.size):
        (line,) = ax.plot(t, c[j], color=colors[j], label=f"d(u,v) = {d[j]:g}", **plot_kw)
        lines.append(line)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("state distance")
    ax.set_xlim(float(t[0]), float(t[-1]))
    ax.set_ylim(bottom=0.0)
    if legend:
        order = np.argsort(-d, kind="stable")
        ax.legend([lines[j] for j in order], [lines[j].get_label() for j in order],
                  fontsize="small", frameon=False)
    if title is not None:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------- task bars
__all__ += ["task_bars"]  # kept in one block with the function


def task_bars(tasks, liquid, control, ax=None, *, liquid_multi=None, control_multi=None,
              multi_label: str = "multi-timescale", ylabel: str = "r",
              liquid_color: str = LIQUID_COLOR, control_color: str = CONTROL_COLOR,
              baseline=None, baseline_label: str = "baseline",
              baseline_color: str = BASELINE_COLOR, title: str | None = None):
    """A score per task, the liquid's bar (mean and SD over liquid seeds) beside its control's.

    With ``liquid_multi`` and ``control_multi`` each task gets two more bars (hatched): the
    same readouts on the multi-timescale state. With ``baseline`` each task gets one more
    bar, last (e.g. an MFCC classifier beside a speech liquid).

    Parameters
    ----------
    tasks : sequence of str
        The task names (one group of bars each).
    liquid : array (n_seeds, n_tasks)
        Scores of the liquid per seed and task (a 1-D array is one seed).
    control : array (n_tasks,) or (n_rows, n_tasks), or None
        Scores of the control (rows, if several, are averaged); None draws no control bars.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    liquid_multi, control_multi : arrays, optional
        The same for the multi-timescale state (both or neither).
    multi_label : str
        Appended to the legend labels of the multi-timescale bars.
    baseline : array (n_tasks,) or (n_rows, n_tasks), optional
        Scores of another method, drawn as a last bar per task (rows averaged, SD shown).
    baseline_label : str
        Its legend label.
    ylabel, title : str
        Axis label and title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require_matplotlib()
    tasks = [str(t) for t in tasks]
    n = len(tasks)

    def rows(values, name):
        a = np.atleast_2d(np.asarray(values, dtype=float))
        if a.ndim != 2 or a.shape[1] != n or a.shape[0] == 0:
            raise ValueError(f"{name} must hold one score per task ({n}), got shape "
                             f"{np.shape(values)}")
        return a

    if n == 0:
        raise ValueError("tasks must name at least one task")
    if (liquid_multi is None) != (control_multi is None):
        raise ValueError("give both liquid_multi and control_multi, or neither")
    bars = [(rows(liquid, "liquid"), liquid_color, "", "liquid")]
    if control is not None:
        bars.append((rows(control, "control"), control_color, "", "control (no liquid)"))
    if liquid_multi is not None:
        bars += [(rows(liquid_multi, "liquid_multi"), liquid_color, "//",
                  f"liquid, {multi_label}"),
                 (rows(control_multi, "control_multi"), control_color, "//",
                  f"control, {multi_label}")]
    if baseline is not None:
        bars.append((rows(baseline, "baseline"), baseline_color, "", baseline_label))
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(max(4.5, 1.0 + 1.4 * n), 3.6), constrained_layout=True)
    x = np.arange(n)
    width = 0.8 / len(bars)
    for k, (a, color, hatch, label) in enumerate(bars):
        offset = (k - (len(bars) - 1) / 2) * width
        sd = a.std(axis=0) if a.shape[0] > 1 else None
        ax.bar(x + offset, a.mean(axis=0), width, yerr=sd, color=color, hatch=hatch,
               edgecolor="white" if hatch else None, label=label, capsize=2, zorder=2)
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(tasks)
    ax.set_ylabel(ylabel)
    top = max(1.0, max(float(np.nanmax(a)) for a, *_ in bars))
    ax.set_ylim(min(0.0, min(float(np.nanmin(a)) for a, *_ in bars)), top * 1.22)
    ax.legend(fontsize="small", loc="upper center", ncol=2 if len(bars) != 3 else 3,
              frameon=False)
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


# ---------------------------------------------------------------------------- confusion matrix
__all__ += ["confusion_matrix"]  # kept in one block with the function


def confusion_matrix(cm, labels, ax=None, *, normalise: bool = True, counts: bool | None = None,
                     cmap: str = "Blues", title: str | None = None):
    """A confusion matrix as an image: rows the true label, columns the predicted one.

    Parameters
    ----------
    cm : array (n_classes, n_classes)
        Counts (e.g. :meth:`~liquidstate.experiments.speech.ProtocolResult.confusion` or
        :func:`sklearn.metrics.confusion_matrix`), ``cm[i, j]`` the recordings of label
        ``labels[i]`` predicted as ``labels[j]``.
    labels : sequence of str (n_classes,)
        The class names, in the order of the rows and columns.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    normalise : bool
        Colour each cell by the fraction of its row (the recall of the true label; rows
        without recordings stay 0), so classes of different sizes compare; else by count.
    counts : bool, optional
        Write the count in each non-zero cell; default when there are at most 20 classes.
    cmap : str
        The colour map.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require_matplotlib()
    cm = np.asarray(cm)
    labels = [str(x) for x in labels]
    n = len(labels)
    if cm.ndim != 2 or cm.shape != (n, n) or n == 0:
        raise ValueError(f"cm must be a square (n_classes, n_classes) array with one row per "
                         f"label ({n}), got shape {cm.shape}")
    if not np.issubdtype(cm.dtype, np.number) or np.any(cm < 0) \
            or not np.all(np.isfinite(cm)):
        raise ValueError("cm must hold finite counts >= 0")
    if ax is None:
        import matplotlib.pyplot as plt

        size = 1.6 + 0.35 * n
        _, ax = plt.subplots(figsize=(size + 0.8, size), constrained_layout=True)
    if normalise:
        totals = cm.sum(axis=1, keepdims=True).astype(float)
        shown = np.divide(cm, totals, out=np.zeros(cm.shape), where=totals > 0)
        vmax = 1.0
    else:
        shown = cm.astype(float)
        vmax = max(float(shown.max()), 1.0)
    image = ax.imshow(shown, cmap=cmap, vmin=0.0, vmax=vmax, interpolation="nearest")
    cbar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    cbar.set_label("fraction of the row" if normalise else "count", fontsize="small")
    if counts is None:
        counts = n <= 20
    if counts:
        for i in range(n):
            for j in range(n):
                if cm[i, j]:
                    value = cm[i, j]
                    text = f"{value:g}" if np.issubdtype(cm.dtype, np.floating) else str(value)
                    ax.text(j, i, text, ha="center", va="center", fontsize="x-small",
                            color="white" if shown[i, j] > 0.6 * vmax else "black")
    ax.set_xticks(np.arange(n))
    ax.set_yticks(np.arange(n))
    ax.set_xticklabels(labels, rotation=0 if max(map(len, labels)) <= 3 else 45,
                       ha="center" if max(map(len, labels)) <= 3 else "right")
    ax.set_yticklabels(labels)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("true label")
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


# ---------------------------------------------------------------------------- memory function
__all__ += ["memory_function_plot"]  # kept in one block with the function


def memory_function_plot(liquid, control, ax=None, *, esn=None, delays=None,
                         liquid_color: str = LIQUID_COLOR, control_color: str = CONTROL_COLOR,
                         esn_color: str = "#2ca02c", title: str | None = None):
    """The memory function: ``r^2`` of the reconstruction of ``u(t - k)`` per delay ``k``, as
    lines for the liquid (mean, SD band over seeds), the control and an ESN; the legend gives
    each memory capacity (the sum over delays).

    Parameters
    ----------
    liquid : array (n_seeds, n_delays)
        ``r^2`` per seed and delay (a 1-D array is one seed).
    control : array (n_delays,)
        ``r^2`` of the control per delay.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    esn : array (n_seeds, n_delays), optional
        The same for an echo state network.
    delays : sequence of int, optional
        The delays; default ``1 .. n_delays``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _require_matplotlib()
    lq = np.atleast_2d(np.asarray(liquid, dtype=float))
    n = lq.shape[1]
    ct = np.asarray(control, dtype=float).ravel()
    if lq.ndim != 2 or n == 0 or ct.shape != (n,):
        raise ValueError(f"liquid (n_seeds, n_delays) and control (n_delays,) must have the "
                         f"same number of delays, got shapes {np.shape(liquid)} and "
                         f"{np.shape(control)}")
    k = np.arange(1, n + 1) if delays is None else np.asarray(delays)
    if k.shape != (n,):
        raise ValueError(f"delays must hold {n} values, got {np.shape(delays)}")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6.0, 3.6), constrained_layout=True)
    lines = [(lq, liquid_color, "liquid")]
    if esn is not None:
        e = np.atleast_2d(np.asarray(esn, dtype=float))
        if e.ndim != 2 or e.shape[1] != n:
            raise ValueError(f"esn must hold {n} delays per row, got shape {np.shape(esn)}")
        lines.append((e, esn_color, "ESN"))
    for a, color, label in lines:
        mean = a.mean(axis=0)
        ax.plot(k, mean, color=color, marker=".",
                label=f"{label} (MC {a.sum(axis=1).mean():.2f})", zorder=3)
        if a.shape[0] > 1:
            sd = a.std(axis=0)
            ax.fill_between(k, mean - sd, mean + sd, color=color, alpha=0.2, linewidth=0)
    ax.plot(k, ct, color=control_color, marker=".", linestyle="--",
            label=f"control, no liquid (MC {ct.sum():.2f})", zorder=2)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("delay k (steps)")
    ax.set_ylabel("r$^2$")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize="small", frameon=False)
    if title is not None:
        ax.set_title(title, fontsize="medium")
    return ax


def agg_figure(size):
    """A matplotlib ``Figure`` that renders with Agg (no pyplot, no display): for files."""
    _require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, constrained_layout=True)
    FigureCanvasAgg(fig)
    return fig
