"""Run a registered experiment from a TOML config and write its results: ``liquidstate run``.

Each task is one :class:`Task` entry in :data:`TASKS`: the experiment function, the schema of
its config, what the command's ``--seed N`` sets, and how its result becomes metrics, text
and plots. The schema is derived from the function
(:func:`~liquidstate.config.schema_from_function`): its keyword parameters with their
defaults and docstring meanings; declared here are only the checks a signature cannot say
(:data:`CHECKS`, shared by the tasks, and each task's own). A new task plugs in by adding
its entry; a new parameter of an experiment function is a new config key with no edit
here. The metrics put the liquid beside its control in one layout
(``_summary.versus_control``).

:func:`run_task` writes ``OUT/results.json``::

    schema_version, kind ("liquidstate.run"), task, version (of liquidstate), created,
    seed (the --seed, or null), config (the file, or null),
    parameters   every parameter the experiment ran with (tables as objects),
    metrics      per task; for templates the test accuracy of the liquid and of the
                 no-liquid control: mean and SD over the liquid seeds, 95% interval,
                 values per seed, and their difference, for the 30 ms state ("accuracy")
                 and the multi-timescale state ("accuracy_multi"); for segments the same
                 per segment (no interval), for the 30 ms state and the multi-timescale
                 state; for multitask the correlation r per readout, likewise; for narma
                 the test NRMSE and for memory the memory capacity of the liquid (mean,
                 SD, values per seed), of the control, of the ESN (null without
                 ReservoirPy) and the liquid's difference to the control (memory adds the
                 memory function r^2 per delay), for the 30 ms state ("nrmse", "mc") and
                 the multi-timescale state ("nrmse_multi", "mc_multi", without the ESN;
                 memory adds "memory_function_multi"); for separation the liquid-state
                 distance per input distance averaged over a time window (mean, SD and
                 values per liquid seed) and whether it grows with the input distance; for fsdd
                 one entry per protocol ("standard", "loso") and for speech one ("test"),
                 each with the test accuracy of the liquid (mean, SD over liquid seeds,
                 per seed, per fold, per speaker), of the no-liquid control and of the
                 MFCC + logistic-regression baseline (mean, per fold, per speaker), the
                 confusion matrices and the chosen penalties, beside the liquid's firing
                 rates, the skipped files and the cache entry of the encoded inputs,
    timings      seconds: total and the task's stages,
    environment  python, numpy, threads,
    files        the files written next to it (results, plots)

and the task's plots (PNG) beside it.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..plotting import agg_figure
from ..config import (MAASS2002_TABLE, ConfigError, ConfigSchema, integer, integers,
                      load_config, maass2002_table, number, numbers, or_none,
                      schema_from_function, string, strings)
from ..random import check_seed
from ._summary import versus_control
from .multitask import MultitaskResult, run_multitask
from .narma import SequenceResult, run_memory_capacity, run_narma
from .segments import SegmentResult, run_segments
from .separation import SeparationResult, run_separation
from .speech import DEFAULT_NETWORK, SpeechResult, run_fsdd, run_speech, run_speech_folder
from .templates import TemplateResult, run_templates, wilson_interval

__all__ = ["Task", "TASKS", "run_task", "task_names", "SCHEMA_VERSION"]

#: Version of the layout of ``results.json``.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Task:
    """One experiment that ``liquidstate run NAME`` can run.

    Attributes
    ----------
    name : str
        The command-line name.
    summary : str
        One line for ``--help``.
    schema : ConfigSchema
        The config keys: every parameter of ``function`` except ``progress``.
    function : callable
        The experiment: ``function(**arguments, progress=bool) -> result``.
    report : callable
        ``(result, parameters) -> (metrics, timings, lines)``: JSON-ready metrics and
        timings, and the text lines printed at the end.
    plot : callable
        ``(result, parameters, out_dir) -> {name: file name}``: writes the plots.

    ``--seed N`` sets, among the task's keys: the liquid seeds to ``N, N+1, ...`` (as many
    as ``seeds`` lists) and each of :data:`SEED_KEYS` to ``N`` (:meth:`apply_seed`,
    :attr:`seed_doc`).
    """

    name: str
    summary: str
    schema: ConfigSchema
    function: Callable[..., Any]
    report: Callable[[Any, dict], tuple[dict, dict, list[str]]]
    plot: Callable[[Any, dict, Path], dict]

    def _seed_keys(self) -> list[str]:
        keys = {p.name for p in self.schema.params}
        return [k for k in SEED_KEYS if k in keys]

    @property
    def seed_doc(self) -> str:
        """What ``--seed N`` sets (for ``--help``)."""
        return " and ".join([*(f"{k} = N" for k in self._seed_keys() if k == "data_seed"),
                             "liquid seeds N, N+1, ... (as many as 'seeds' lists)",
                             *(f"{k} = N" for k in self._seed_keys() if k != "data_seed")])

    def apply_seed(self, params: dict, seed: int) -> dict:
        """``params`` with ``--seed N`` applied."""
        n = len(params["seeds"])
        return {**params, "seeds": tuple(range(seed, seed + n)),
                **{k: seed for k in self._seed_keys()}}


#: The config keys, besides the liquid seeds, that ``--seed N`` sets to ``N`` in the tasks
#: that have them: the seeds of the data and of a random train/test split.
SEED_KEYS = ("data_seed", "split_seed")


def _save(fig, out: Path, name: str, dpi: int) -> dict:
    """Write ``fig`` as ``out/NAME.png``; the task's ``files`` entry ``{name: file name}``."""
    path = out / f"{name}.png"
    fig.savefig(path, dpi=dpi)
    return {name: path.name}

# ============================================================================ schemas
# Each task's config keys are its function's keyword parameters, with the function's defaults
# and the meanings its docstring gives (liquidstate.config.schema_from_function); declared
# here is only what a signature cannot say: the range or unit of a value. A check in CHECKS
# holds for that key in every task that has it, unless the task's own checks say otherwise.
_POSITIVE_S = number(low=0, low_open=True, unit="s")
_POSITIVE_HZ = number(low=0, low_open=True, unit="Hz")

CHECKS = {
    "seeds": integers(minimum=0, unique=True),
    "data_seed": integer(0),
    "dt": _POSITIVE_S,
    "n_threads": integer(1),
    "tau": _POSITIVE_S,
    "multi_tau": numbers(low=0, low_open=True, unit="s", empty_none=True),
    "n_channels": integer(1),
    "n_train": integer(1),
    "n_test": integer(1),
    "duration": _POSITIVE_S,
    "rate": _POSITIVE_HZ,
    "max_rate": _POSITIVE_HZ,
    "jitter": number(low=0, unit="s"),
    "step": _POSITIVE_S,
    "test_size": number(low=0, high=1, low_open=True, high_open=True),
    "alphas": numbers(low=0, low_open=True),
}

#: Meanings of keys that a docstring describes only together with others ("dt, n_threads:
#: passed to simulate") or not at all.
DOCS = {
    "dt": "simulation step (s)",
    "n_threads": "simulation threads (unset: all cores)",
    "data_seed": "seed of the task's data: its inputs (templates, jitter, sequences) and the "
                 "train/test split",
    "max_delay": "delays k = 1 .. max_delay, one readout each (washout >= max_delay)",
}

TEMPLATES_SCHEMA = schema_from_function(
    "templates", run_templates, tables=(MAASS2002_TABLE,), docs=DOCS,
    checks={**CHECKS, "n_templates": integer(2), "n_runs": integer(2)})

SEGMENTS_SCHEMA = schema_from_function(
    "segments", run_segments, tables=(MAASS2002_TABLE,), docs=DOCS,
    checks={**CHECKS, "n_segments": integer(1), "segment": _POSITIVE_S,
            "n_templates_per_segment": integer(2), "n_runs": integer(2)})

MULTITASK_SCHEMA = schema_from_function(
    "multitask", run_multitask, tables=(MAASS2002_TABLE,), docs=DOCS,
    checks={**CHECKS, "taus": numbers(low=0, low_open=True, unit="s", empty_none=True),
            "washout": number(low=0, unit="s"), "rate_change": _POSITIVE_S,
            "pattern_fraction": number(low=0, high=1), "n_folds": integer(2)})

_SEQUENCE_CHECKS = {**CHECKS, "washout": integer(0), "max_delay": integer(1),
                    "esn_sr": number(low=0, low_open=True)}
NARMA_SCHEMA = schema_from_function("narma", run_narma, tables=(MAASS2002_TABLE,), docs=DOCS,
                                    checks=_SEQUENCE_CHECKS)
# run_memory_capacity's docstring refers to run_narma's for the parameters they share
MEMORY_SCHEMA = schema_from_function("memory", run_memory_capacity, tables=(MAASS2002_TABLE,),
                                     docs=DOCS, checks=_SEQUENCE_CHECKS,
                                     doc_sources=(run_narma,))

SEPARATION_SCHEMA = schema_from_function(
    "separation", run_separation, tables=(MAASS2002_TABLE,), docs=DOCS,
    checks={**CHECKS, "distances": numbers(low=0, unique=True), "n_pairs": integer(1),
            "tolerance": number(low=0, low_open=True),
            "window": numbers(low=0, length=2, unit="s")})

_SPEECH_CHECKS = {
    **CHECKS,
    "path": string("a folder path"), "cache_dir": string("a folder path"),
    "n_bands": integer(1), "f_min": _POSITIVE_HZ, "f_max": _POSITIVE_HZ,
    "dt_frame": _POSITIVE_S, "trim_db": or_none(number(low=0, low_open=True, unit="dB")),
    "n_levels": integer(1), "delta_threshold": number(low=0, low_open=True),
    "tail": number(low=0, unit="s"),
    "tau": numbers(low=0, low_open=True, unit="s", scalar=True),
    "n_bins": integers(minimum=1, unique=True, scalar=True),
    "logistic_cs": numbers(low=0, low_open=True), "cv_folds": integer(2), "n_mfcc": integer(1),
    "test_speakers": strings(),
    "test_fraction": number(low=0, high=1, low_open=True, high_open=True),
    "split_seed": integer(0),
}
# The speech liquid: the [network] table with run_speech's defaults
_SPEECH_NETWORK = maass2002_table(**DEFAULT_NETWORK)
FSDD_SCHEMA = schema_from_function("fsdd", run_fsdd, tables=(_SPEECH_NETWORK,), docs=DOCS,
                                   checks=_SPEECH_CHECKS, doc_sources=(run_speech,))
SPEECH_SCHEMA = schema_from_function("speech", run_speech_folder, tables=(_SPEECH_NETWORK,),
                                     docs=DOCS, checks=_SPEECH_CHECKS,
                                     doc_sources=(run_speech,))


# ============================================================================ templates
def _templates_report(result: TemplateResult, params: dict):
    n_seeds = len(result.seeds)
    chance = 1.0 / params["n_templates"]
    # Wilson intervals: the liquid's pooled over its seeds' test runs, the control's over
    # its n_test
    acc, multi = (versus_control(lq, ct, interval=wilson_interval, n_trials=result.n_test)
                  for lq, ct in ((result.liquid, result.control),
                                 (result.liquid_multi, result.control_multi)))
    metrics = {
        "accuracy": acc, "accuracy_multi": multi,
        "tau": float(params["tau"]),
        "multi_tau": None if result.multi_tau is None else list(result.multi_tau),
        "chance": chance, "n_test": result.n_test, "seeds": list(result.seeds),
        "notes": "test accuracy; accuracy: the state filtered with tau, accuracy_multi: the "
                 "multi-timescale state (null when multi_tau = []); sd over liquid seeds "
                 "(ddof=0); ci95: Wilson interval of the liquid's test predictions pooled "
                 "over seeds, of the control's over its n_test (the control does not depend "
                 "on the liquid seed)",
    }
    timings = {"experiment_s": result.seconds, **result.timings}

    def pct(x):
        return f"{100 * x:.1f}"

    lines = [
        f"test accuracy, {n_seeds} liquid seed{'s' if n_seeds > 1 else ''} x "
        f"{result.n_test} test runs (chance {pct(chance)}%):"]
    for state, label in ((acc, f"{1e3 * params['tau']:g} ms"),
                         (multi, None if multi is None else _ms(result.multi_tau))):
        if state is None:
            continue
        liquid, control, diff = state["liquid"], state["control"], state["difference"]
        lines += [
            f"  state {label}:",
            f"    liquid   {pct(liquid['mean'])} +- {pct(liquid['sd'])}%  (95% CI "
            f"{pct(liquid['ci95'][0])}-{pct(liquid['ci95'][1])}%); per seed "
            + " ".join(pct(v) for v in liquid["per_seed"]),
            f"    control  {pct(control['mean'])}%  (95% CI {pct(control['ci95'][0])}-"
            f"{pct(control['ci95'][1])}%): the same filter and readout on the input alone",
            f"    liquid - control: {100 * diff['mean']:+.1f} points",
        ]
    return metrics, timings, lines


def _templates_plot(result: TemplateResult, params: dict, out: Path) -> dict:
    from ..plotting import accuracy_bars

    summary = result.summary()
    states = [("", f"{1e3 * params['tau']:g} ms")]
    if result.liquid_multi is not None:
        states.append(("_multi", _ms(result.multi_tau)))
    width = max(5.5, 1.2 + 0.9 * len(result.seeds))
    fig = agg_figure((width * len(states), 4.0))
    axes = np.atleast_1d(fig.subplots(1, len(states), squeeze=False)[0])
    for ax, (suffix, label) in zip(axes, states):
        accuracy_bars(summary[f"liquid{suffix}"], summary[f"control{suffix}"], result.seeds,
                      ax=ax, ci=summary[f"liquid_ci95{suffix}"],
                      control_ci=summary[f"control_ci95{suffix}"],
                      chance=1.0 / params["n_templates"], title=f"state {label}")
    fig.suptitle(f"{params['n_templates']} templates, jitter {params['jitter'] * 1e3:g} ms, "
                 f"{_shape_text(params)} column; state at the end of the run; 95% intervals")
    return _save(fig, out, "accuracy", 120)


# ============================================================================ shared
def _state_metrics(liquid, control, liquid_multi, control_multi) -> dict:
    """:func:`versus_control` for the 30 ms state ("tau") and the multi-timescale state
    ("multi", null when skipped)."""
    return {"tau": versus_control(liquid, control),
            "multi": versus_control(liquid_multi, control_multi)}


def _shape_text(params: dict) -> str:
    return "x".join(str(s) for s in params["network"]["shape"])


def _ms(taus) -> str:
    return ", ".join(f"{1e3 * t:g}" for t in taus) + " ms"


# ============================================================================ segments
def _segments_report(result: SegmentResult, params: dict):
    n_seeds, n_seg = result.liquid.shape
    chance = 1.0 / params["n_templates_per_segment"]
    metrics = {
        "accuracy": _state_metrics(result.liquid, result.control, result.liquid_multi,
                                   result.control_multi),
        "segments": list(range(1, n_seg + 1)), "chance": chance,
        "tau": result.tau, "multi_tau": None if result.multi_tau is None
        else list(result.multi_tau),
        "n_train": result.n_train, "n_test": result.n_test, "seeds": list(result.seeds),
        "notes": "test accuracy of one readout per segment, all on the state at the end of "
                 "the run; lists run over the segments (1 = the first); sd over liquid seeds "
                 "(ddof=0); the control does not depend on the liquid seed; 'multi' is the "
                 "multi-timescale state (null when multi_tau = [])",
    }
    timings = {"experiment_s": result.seconds}

    def pct(x):
        return f"{100 * x:5.1f}"

    head = "".join(f"{f'seg. {s}':>14}" for s in range(1, n_seg + 1))
    lines = [f"test accuracy per segment, {n_seeds} liquid seed{'s' if n_seeds > 1 else ''} x "
             f"{result.n_test} test runs (chance {100 * chance:.1f}%), mean +- SD:",
             f"  {'state':<28}{head}"]
    for state, lq, ct, label in (
            ("tau", result.liquid, result.control, f"{1e3 * result.tau:g} ms"),
            ("multi", result.liquid_multi, result.control_multi,
             None if result.multi_tau is None else _ms(result.multi_tau))):
        if lq is None:
            continue
        lines.append(f"  {'liquid, ' + label:<28}" + "".join(
            f"{f'{100 * m:.1f} +- {100 * s:.1f}':>14}" for m, s in zip(lq.mean(0), lq.std(0))))
        lines.append(f"  {'control, ' + label:<28}" + "".join(f"{pct(v):>14}" for v in ct[0]))
    return metrics, timings, lines


def _segments_plot(result: SegmentResult, params: dict, out: Path) -> dict:
    from ..plotting import accuracy_bars

    n_seeds, n_seg = result.liquid.shape
    states = [(result.liquid, result.control, f"{1e3 * result.tau:g} ms")]
    if result.liquid_multi is not None:
        states.append((result.liquid_multi, result.control_multi, _ms(result.multi_tau)))
    width = max(3.0, 1.2 + 0.6 * n_seeds)
    fig = agg_figure((width * n_seg, 3.4 * len(states) + 0.4))
    axes = np.atleast_2d(fig.subplots(len(states), n_seg, squeeze=False))
    for row, (lq, ct, label) in enumerate(states):
        for s in range(n_seg):
            ax = accuracy_bars(lq[:, s], ct[:, s], result.seeds, ax=axes[row, s],
                               chance=1.0 / params["n_templates_per_segment"],
                               title=f"segment {s + 1}, state {label}")
            ax.set_ylim(0, 1.05)
            ax.get_legend().remove()                     # one legend for the figure below
            if s:
                ax.set_ylabel("")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), frameon=False,
               fontsize="small")
    fig.suptitle(f"{n_seg} segments of {params['segment'] * 1e3:g} ms, jitter "
                 f"{params['jitter'] * 1e3:g} ms, {_shape_text(params)} column; state at the "
                 f"end of the run")
    return _save(fig, out, "accuracy", 110)


# ============================================================================ multitask
def _multitask_report(result: MultitaskResult, params: dict):
    n_seeds = len(result.seeds)
    metrics = {
        "r": _state_metrics(result.liquid, result.control, result.liquid_multi,
                            result.control_multi),
        "tasks": list(result.tasks), "tau": result.tau,
        "taus": None if result.taus is None else list(result.taus),
        "alpha": result.alpha.tolist(), "rates_hz": result.rates.tolist(),
        "n_train": result.n_train, "n_test": result.n_test, "n_times": result.n_times,
        "seeds": list(result.seeds),
        "notes": "Pearson r between readout and target on the test runs, pooled over runs "
                 "and scored times; lists run over the tasks; sd over liquid seeds (ddof=0); "
                 "the control does not depend on the liquid seed; 'multi' is the "
                 "multi-timescale state (null when taus = []); alpha: the chosen ridge "
                 "penalties of the liquid's 30 ms readouts per seed and task; rates_hz: mean "
                 "firing rate of each liquid",
    }
    timings = {"experiment_s": result.seconds}
    lines = [f"r on {result.n_test} test runs x {result.n_times} times, {n_seeds} liquid "
             f"seed{'s' if n_seeds > 1 else ''} (tau = {1e3 * result.tau:g} ms"
             + ("" if result.taus is None else f"; multi = {_ms(result.taus)}") + "):"]
    lines += ["  " + line for line in result.table().splitlines()]
    lines.append("  mean liquid rate " + " ".join(f"{r:.1f}" for r in result.rates) + " Hz")
    return metrics, timings, lines


def _multitask_plot(result: MultitaskResult, params: dict, out: Path) -> dict:
    from ..plotting import task_bars

    fig = agg_figure((max(6.0, 1.5 + 1.6 * len(result.tasks)), 4.0))
    ax = fig.subplots()
    task_bars(result.tasks, result.liquid, result.control, ax=ax,
              liquid_multi=result.liquid_multi, control_multi=result.control_multi,
              multi_label="multi-timescale" if result.taus is None else _ms(result.taus),
              title=f"real-time readouts every {params['step'] * 1e3:g} ms, "
                    f"{_shape_text(params)} column, state {1e3 * result.tau:g} ms; mean +- SD "
                    f"over {len(result.seeds)} liquid seed{'s' if len(result.seeds) > 1 else ''}")
    return _save(fig, out, "r", 120)


# ============================================================================ narma, memory
def _without_progress(function):
    """``function`` taking (and ignoring) ``progress``: the sequence tasks show no bars."""
    @functools.wraps(function)
    def call(*args, progress: bool = True, **kwargs):
        return function(*args, **kwargs)
    return call


def _sequence_report(result: SequenceResult, params: dict):
    name = "nrmse" if result.metric == "nrmse" else "mc"
    multi = result.liquid_multi is not None
    metrics = {
        name: versus_control(result.liquid, result.control, esn=result.esn),
        f"{name}_multi": versus_control(result.liquid_multi, result.control_multi),
        "tau": result.tau,
        "multi_tau": None if result.multi_tau is None else list(result.multi_tau),
        "rates_hz": result.rates.tolist(), "seeds": list(result.seeds),
        "n_neurons": result.n_neurons, "n_train": result.n_train, "n_test": result.n_test,
        "washout": result.washout,
    }
    multi_note = (f"; {name}_multi: the same readout on the multi-timescale state (the "
                  "liquid's spikes, and for the control the input, filtered with each of "
                  "multi_tau, features concatenated; no esn), null when multi_tau = []")
    if name == "mc":
        delays = list(range(1, result.control_curve.shape[0] + 1))
        metrics["delays"] = delays
        metrics["memory_function"] = versus_control(result.liquid_curve, result.control_curve,
                                                    esn=result.esn_curve)
        metrics["memory_function_multi"] = versus_control(result.liquid_multi_curve,
                                                          result.control_multi_curve)
        metrics["notes"] = ("memory capacity MC = sum over delays k of r^2(u(t-k), y_k(t)) on "
                            "the test steps; memory_function: r^2 per delay (lists run over "
                            "'delays'); sd over liquid seeds (ddof=0); the control (the input "
                            "through the same filter) does not depend on the seed; esn: an "
                            "echo state network of n_neurons units (ReservoirPy), null when "
                            "not run; difference: liquid - control per seed" + multi_note
                            + "; memory_function_multi likewise")
    else:
        metrics["notes"] = ("NARMA-10 NRMSE on the test steps (1: the target's mean, 0: "
                            "perfect; lower is better); sd over liquid seeds (ddof=0); the "
                            "control (the input through the same filter) does not depend on "
                            "the seed; esn: an echo state network of n_neurons units "
                            "(ReservoirPy), null when not run; difference: liquid - control "
                            "per seed" + multi_note)
    timings = {"experiment_s": result.seconds}
    lines = result.table().splitlines()
    diff = metrics[name]["difference"]["mean"]
    lines.append(f"  liquid - control: {diff:+.3f} ({1e3 * result.tau:g} ms)" + (
        "" if not multi else
        f", {metrics[f'{name}_multi']['difference']['mean']:+.3f} (multi-timescale)"))
    lines.append("  mean liquid rate " + " ".join(f"{r:.1f}" for r in result.rates) + " Hz")
    return metrics, timings, lines


def _narma_plot(result: SequenceResult, params: dict, out: Path) -> dict:
    from ..plotting import task_bars

    multi = result.liquid_multi is not None
    fig = agg_figure((6.4 if multi else 4.8, 3.8))
    ax = fig.subplots()
    n = len(result.seeds)
    task_bars(["NARMA-10"], result.liquid[:, None], [result.control], ax=ax, ylabel="NRMSE",
              liquid_multi=result.liquid_multi[:, None] if multi else None,
              control_multi=[result.control_multi] if multi else None,
              multi_label=_ms(result.multi_tau) if multi else "",
              title=f"NARMA-10, {_shape_text(params)} column, state {1e3 * result.tau:g} ms\n"
                    f"mean +- SD over {n} seed{'s' if n > 1 else ''}")
    if result.esn is not None:
        ax.axhline(float(result.esn.mean()), color="#2ca02c", linestyle="--",
                   label=f"ESN, {result.n_neurons} units (reservoirpy)", zorder=3)
        ax.legend(fontsize="small", loc="upper center", ncol=2, frameon=False)
    return _save(fig, out, "nrmse", 120)


def _memory_plot(result: SequenceResult, params: dict, out: Path) -> dict:
    from ..plotting import memory_function_plot

    states = [(result.liquid_curve, result.control_curve, result.esn_curve,
               f"{1e3 * result.tau:g} ms")]
    if result.liquid_multi_curve is not None:
        states.append((result.liquid_multi_curve, result.control_multi_curve, None,
                       _ms(result.multi_tau)))
    fig = agg_figure((6.0 * len(states), 3.8))
    axes = np.atleast_1d(fig.subplots(1, len(states), squeeze=False)[0])
    n = len(result.seeds)
    for ax, (liquid, control, esn, label) in zip(axes, states):
        memory_function_plot(liquid, control, ax=ax, esn=esn,
                             title=f"memory function, {_shape_text(params)} column, state "
                                   f"{label}; mean +- SD over {n} "
                                   f"seed{'s' if n > 1 else ''}")
    return _save(fig, out, "memory", 120)


# ============================================================================ separation
def _separation_report(result: SeparationResult, params: dict):
    s = result.summary()
    n_seeds = len(result.seeds)
    grows = result.grows()
    metrics = {
        "state_distance": s["state_distance"], "distances": s["distances"],
        "input_distances": s["input_distances"], "window": s["window"],
        "grows": s["grows"], "grows_per_seed": s["grows_per_seed"],
        "rates_hz": s["rates"], "seeds": s["seeds"], "n_pairs": result.n_pairs,
        "tau": result.tau, "same_initial_state": result.same_initial_state,
        "notes": "state_distance: per input distance (lists run over 'distances'), the mean "
                 "over the pairs of the Euclidean distance between the two liquid states "
                 "(spikes filtered with tau), averaged over the sample times in 'window' (s); "
                 "mean and sd (ddof=0) over the liquid seeds; input_distances: the measured "
                 "mean input distance of the pairs; grows: whether the mean over seeds "
                 "strictly grows with the input distance (grows_per_seed: the same per seed); "
                 "rates_hz: mean firing rate of each liquid",
    }
    timings = {"experiment_s": result.seconds}
    w = result.window_means
    lines = [f"state distance, mean over {_ms(result.window).replace(', ', '-')}, "
             f"{n_seeds} liquid seed{'s' if n_seeds > 1 else ''} x {result.n_pairs} pairs "
             f"per input distance (tau {1e3 * result.tau:g} ms; initial states "
             f"{'the same' if result.same_initial_state else 'different'} within a pair):",
             f"  {'d(u,v)':>8}{'measured':>10}    mean +- SD      per seed"]
    for j, d in enumerate(result.distances):
        lines.append(f"  {d:>8g}{result.input_distances[j]:>10.3f}    "
                     f"{f'{w[:, j].mean():.3f} +- {w[:, j].std():.3f}':<16}"
                     + " ".join(f"{v:.3f}" for v in w[:, j]))
    lines.append(f"  grows with the input distance: {'yes' if s['grows'] else 'NO'} on average; "
                 f"{int(grows.sum())} of {n_seeds} liquid seeds")
    lines.append("  mean liquid rate " + " ".join(f"{r:.1f}" for r in result.rates) + " Hz")
    return metrics, timings, lines


def _separation_plot(result: SeparationResult, params: dict, out: Path) -> dict:
    from ..plotting import separation_plot

    n = len(result.seeds)
    fig = agg_figure((10.0, 3.8))
    ax, right = fig.subplots(1, 2, width_ratios=(1.7, 1))
    mean, sd = result.curves.mean(axis=0), result.curves.std(axis=0)
    separation_plot(result.times, mean, result.distances, ax=ax,
                    title=f"{_shape_text(params)} column, {result.n_pairs} pairs; mean +- SD "
                          f"over {n} liquid seed{'s' if n > 1 else ''}")
    for line, m, s in zip(ax.lines, mean, sd):
        ax.fill_between(result.times, m - s, m + s, color=line.get_color(), alpha=0.2,
                        linewidth=0)
    ax.axvspan(*result.window, color="0.5", alpha=0.1, linewidth=0, zorder=0)
    ax.set_ylim(bottom=0.0)

    d = np.asarray(result.distances)
    w = result.window_means
    for row in w:
        right.plot(d, row, "o", color="0.6", markersize=3, zorder=2)
    right.errorbar(d, w.mean(axis=0), yerr=w.std(axis=0), color=ax.lines[-1].get_color(),
                   marker="o", capsize=3, zorder=3, label="mean +- SD")
    right.plot([], [], "o", color="0.6", markersize=3, label="per liquid seed")
    right.set_xlabel("input distance d(u,v)")
    right.set_ylabel("state distance")
    right.set_ylim(bottom=0.0)
    right.set_title(f"mean over {_ms(result.window).replace(', ', '-')} (shaded)",
                    fontsize="medium")
    right.legend(fontsize="small", frameon=False)
    return _save(fig, out, "separation", 120)


# ============================================================================ fsdd, speech
def _speech_report(result: SpeechResult, params: dict):
    n_classes = result.classes.size
    metrics = {
        **result.metrics(),
        "classes": result.classes.tolist(), "seeds": list(result.seeds),
        "rates_hz": result.rates.tolist(), "input_rate_hz": result.input_rate,
        "n_neurons": result.n_neurons, "n_inputs": result.n_inputs,
        "n_recordings": result.n_recordings, "skipped": list(result.skipped),
        "cache": {"hit": result.cache_hit, "path": result.cache_path},
        "chance": 1.0 / n_classes,
        "notes": "test accuracy per protocol: liquid mean and sd (ddof=0) over the liquid "
                 "seeds of the protocol's accuracy (the mean over its folds; loso: over the "
                 "speakers), per_fold and per_speaker (test recordings of each speaker, "
                 "pooled over folds) likewise; control: the same states and readout on the "
                 "encoded input spikes (no liquid), mfcc: MFCCs + logistic regression, both "
                 "independent of the liquid seed; difference: liquid - control per seed; "
                 "confusion: counts, rows true and columns predicted label (order 'labels'), "
                 "summed over folds and, for the liquid, over the liquid seeds; penalties: "
                 "the ridge alpha (or logistic C) chosen on each fold's training set; "
                 "rates_hz: mean firing rate of each liquid; skipped: files not read",
    }
    timings = {"experiment_s": result.seconds, **result.timings}
    n = len(result.seeds)
    lines = [f"{result.n_recordings} recordings, {n_classes} classes; liquid "
             f"{result.n_neurons} neurons ({_shape_text(params)}), {result.n_inputs} input "
             f"channels ({params['encoder']}, {result.input_rate:.1f} Hz each), {n} liquid "
             f"seed{'s' if n > 1 else ''}; chance {100 / n_classes:.1f}%:"]
    lines += result.table()
    lines.append("  mean liquid rate " + " ".join(f"{r:.1f}" for r in result.rates) + " Hz")
    if result.skipped:
        lines.append(f"  skipped {len(result.skipped)} file(s):")
        lines += [f"    {s}" for s in result.skipped]
    lines.append(f"  encoded inputs: {'from the cache' if result.cache_hit else 'computed'}"
                 + (f" ({result.cache_path})" if result.cache_path else " (cache off)"))
    lines += result.stage_lines()
    return metrics, timings, lines


def _speech_plot(result: SpeechResult, params: dict, out: Path) -> dict:
    from ..plotting import confusion_matrix, task_bars

    files = {}
    n = len(result.seeds)
    for name, p in result.protocols.items():
        matrices = [(w, p.confusion(w)) for w in ("liquid", "control", "mfcc")]
        panels = [(w, m) for w, m in matrices if m is not None]
        size = 2.2 + 0.3 * result.classes.size
        fig = agg_figure((size * len(panels) + 0.5, size + 0.4))
        axes = np.atleast_1d(fig.subplots(1, len(panels), squeeze=False)[0])
        titles = {"liquid": f"liquid ({n} seed{'s' if n > 1 else ''})",
                  "control": "control (no liquid)", "mfcc": "MFCC + logistic"}
        for ax, (which, cm) in zip(axes, panels):
            acc = p.accuracy(which)
            confusion_matrix(cm, result.classes, ax=ax,
                             title=f"{titles[which]}: {100 * np.mean(acc):.1f}%")
        fig.suptitle(f"{name}: confusion (rows: true label; summed over folds"
                     f"{' and seeds' if n > 1 else ''})")
        path = out / f"confusion_{name}.png"
        fig.savefig(path, dpi=110)
        files[f"confusion_{name}"] = path.name

    fig = agg_figure((max(5.5, 2.0 + 1.1 * max(len(p.speaker_names()) + 1
                                               for p in result.protocols.values())),
                      3.6 * len(result.protocols)))
    axes = np.atleast_1d(fig.subplots(len(result.protocols), 1, squeeze=False)[:, 0])
    for ax, (name, p) in zip(axes, result.protocols.items()):
        speakers = p.speaker_accuracy("liquid")
        groups = ["all", *speakers]
        liquid = np.column_stack([p.accuracy("liquid"), *speakers.values()]) \
            if speakers else p.accuracy("liquid")[:, None]

        def row(which):
            acc = p.accuracy(which)
            if acc is None:
                return None
            return [acc, *p.speaker_accuracy(which).values()]

        control, mfcc = row("control"), row("mfcc")
        task_bars(groups, liquid, control, ax=ax, baseline=mfcc, baseline_label="MFCC + logistic",
                  ylabel="test accuracy",
                  title=f"{name}: all test recordings and per speaker"
                        + (" (= per fold)" if name == "loso" else "")
                        + f"; liquid mean +- SD over {n} seed{'s' if n > 1 else ''}")
    files.update(_save(fig, out, "accuracy", 110))
    return files


# ============================================================================ registry
#: The tasks of ``liquidstate run``, by name.
TASKS: dict[str, Task] = {
    "templates": Task(
        name="templates",
        summary="Maass 2002 spike-template classification from the liquid state at the end "
                "of each run, beside the same readout on the input alone; 30 ms and "
                "multi-timescale states",
        schema=TEMPLATES_SCHEMA,
        function=run_templates,
        report=_templates_report,
        plot=_templates_plot,
    ),
    "segments": Task(
        name="segments",
        summary="Maass 2002 four-segment template task: one readout per segment names its "
                "template from the liquid state at the end of the run (memory of earlier "
                "segments), beside the same readouts on the input alone; 30 ms and "
                "multi-timescale states",
        schema=SEGMENTS_SCHEMA,
        function=run_segments,
        report=_segments_report,
        plot=_segments_plot,
    ),
    "multitask": Task(
        name="multitask",
        summary="Maass 2002 real-time computing on 4 Poisson rate streams: four readouts "
                "(30/200 ms spike counts, pattern detection, coincidences) answer every 10 ms "
                "from one liquid run, scored by r, beside the same readouts on the input "
                "alone; 30 ms and multi-timescale states",
        schema=MULTITASK_SCHEMA,
        function=run_multitask,
        report=_multitask_report,
        plot=_multitask_plot,
    ),
    "narma": Task(
        name="narma",
        summary="NARMA-10 (Atiya & Parlos 2000): NRMSE of a ridge readout of the liquid state "
                "sampled every 10 ms, beside the same readout on the input alone and a "
                "ReservoirPy echo state network of the same size (if installed); 30 ms and "
                "multi-timescale states",
        schema=NARMA_SCHEMA,
        function=_without_progress(run_narma),
        report=_sequence_report,
        plot=_narma_plot,
    ),
    "memory": Task(
        name="memory",
        summary="memory capacity (Jaeger 2001): one readout per delay reconstructs the past "
                "input from the liquid state, MC = sum of r^2, beside the same readouts on the "
                "input alone and a ReservoirPy echo state network of the same size (if "
                "installed); 30 ms and multi-timescale states",
        schema=MEMORY_SCHEMA,
        function=_without_progress(run_memory_capacity),
        report=_sequence_report,
        plot=_memory_plot,
    ),
    "separation": Task(
        name="separation",
        summary="the separation property (Maass 2002, Fig. 2): the distance between the "
                "liquid states of pairs of Poisson inputs at input distances 0, 0.1, 0.2, "
                "0.4 over time, and its mean over a window, which should grow with the "
                "input distance",
        schema=SEPARATION_SCHEMA,
        function=run_separation,
        report=_separation_report,
        plot=_separation_plot,
    ),
    "fsdd": Task(
        name="fsdd",
        summary="spoken digits (Free Spoken Digit Dataset, 3,000 recordings): auditory front "
                "end, spike encoding (cached on disk), liquid, linear readout on the binned "
                "liquid state; the standard split and leave-one-speaker-out, beside the same "
                "readout on the encoded input and MFCC + logistic regression (--data DIR)",
        schema=FSDD_SCHEMA,
        function=run_fsdd,
        report=_speech_report,
        plot=_speech_plot,
    ),
    "speech": Task(
        name="speech",
        summary="the fsdd pipeline on a folder of labelled recordings (--data DIR; files "
                "'{label}_{speaker}_{index}.wav' or a sub-folder per label), tested on "
                "chosen speakers (--test-speakers A,B) or a stratified random fraction "
                "(--test-fraction F, default 0.2); unreadable files are skipped and listed",
        schema=SPEECH_SCHEMA,
        function=run_speech_folder,
        report=_speech_report,
        plot=_speech_plot,
    ),
}


def task_names() -> list[str]:
    """The names of the registered tasks."""
    return list(TASKS)


# ============================================================================ running
def _jsonable(value, digits: int | None = None):
    """``value`` with tuples and arrays as lists and NumPy scalars as Python ones (floats
    rounded to ``digits`` if given)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, digits) for k, v in value.items()}
    if isinstance(value, (tuple, list, np.ndarray)):
        return [_jsonable(v, digits) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if digits is not None and isinstance(value, float):
        return round(value, digits)
    return value


def _has_tqdm() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


def run_task(task: str, *, config=None, out=None, seed: int | None = None,
             progress: bool = True, echo: Callable[[str], None] | None = print,
             overrides: Mapping | None = None) -> dict:
    """Run task ``task`` with the parameters of ``config``; write results and plots.

    Parameters
    ----------
    task : str
        A name in ``liquidstate.experiments.runner.TASKS``.
    config : path, optional
        A TOML file of parameters (see ``examples/configs/``); default: all defaults.
    out : path, optional
        Directory for ``results.json`` and the plots (created if missing); default
        ``liquidstate_<task>`` in the working directory.
    seed : int, optional
        Overrides the seeds of the config as the task defines (``Task.seed_doc``).
    progress : bool
        Progress bars (tqdm) on the long work; skipped with a note if tqdm is missing.
    echo : callable or None
        Receives the printed report line by line; ``None`` is silent.
    overrides : mapping, optional
        Top-level keys set over the config (the command line's ``--data``,
        ``--test-speakers``, ``--test-fraction``), checked as config values; ``None``
        unsets a key whose default is unset.

    Returns
    -------
    dict
        What ``results.json`` holds.

    Raises
    ------
    ConfigError
        For a bad config (naming the key) or an unknown task.
    ValueError
        For a bad ``seed`` or an ``out`` that cannot be written.
    """
    from .. import __version__
    from ..engine.simulate import default_threads
    from .demo import _check_out_dir

    say = echo if echo is not None else (lambda _: None)
    if task not in TASKS:
        raise ConfigError(f"unknown task {task!r}; the tasks are: {', '.join(TASKS)}", "task")
    spec = TASKS[task]
    params = load_config(spec.schema, config)
    if overrides:
        params = spec.schema.override(params, overrides)
    if seed is not None:
        seed = check_seed(seed)
        params = spec.apply_seed(params, seed)
    out = _check_out_dir(out if out is not None else f"liquidstate_{task}")
    if progress and not _has_tqdm():
        say("(no progress bars: pip install 'liquidstate[progress]' for them)")
        progress = False

    say(f"liquidstate {__version__} run {task}: "
        f"{'config ' + str(config) if config is not None else 'default parameters'}"
        f"{f', seed {seed}' if seed is not None else ''}")
    start = time.perf_counter()
    result = spec.function(**spec.schema.arguments(params), progress=progress)
    metrics, timings, lines = spec.report(result, params)

    files = {}
    t0 = time.perf_counter()
    try:
        files.update(spec.plot(result, params, out))
    except ImportError as e:
        say(f"no plots: {e}")
    timings = {**timings, "plot_s": time.perf_counter() - t0}
    json_path = out / "results.json"
    files["results"] = json_path.name
    timings["total_s"] = time.perf_counter() - start

    record = {
        "schema_version": SCHEMA_VERSION,
        "kind": "liquidstate.run",
        "task": task,
        "version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seed": seed,
        "config": str(config) if config is not None else None,
        "parameters": _jsonable(params),
        "metrics": _jsonable(metrics),
        "timings": _jsonable(timings, digits=6),
        "environment": {"python": platform.python_version(), "numpy": np.__version__,
                        "threads": default_threads()},
        "files": files,
    }
    tmp = json_path.with_name(json_path.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=2, allow_nan=False) + "\n")
    os.replace(tmp, json_path)
    for line in lines:
        say(line)
    say(f"took {timings['total_s']:.1f} s")
    for name in files.values():
        say(f"wrote {out / name}")
    return record
