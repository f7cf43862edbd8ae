"""Plots: drawn with Agg, written to files, on the given axes, returning them."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import liquidstate as ls  # noqa: E402
from liquidstate.plotting import raster, traces  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def run():
    net = ls.from_matrices(np.zeros((5, 5)), inhibitory=[False, False, False, True, True],
                           input_weights=np.full((2, 5), 20e-9))
    inputs = ls.SpikeTrains.poisson([40.0, 40.0], 0.2, 2, seed=1)
    rec = ls.simulate(net, inputs, record=ls.Record(neurons=[0, 3], variables=("v", "i_e")))
    return net, inputs, rec


def _png_ok(path):
    data = path.read_bytes()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


def test_raster_new_figure_returns_axes(tmp_path, run):
    net, inputs, rec = run
    ax = raster(rec.spikes, 0, network=net)
    assert isinstance(ax, Axes)
    assert ax.get_xlim() == (0.0, 0.2)
    assert ax.get_ylim() == (-0.5, 4.5)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["E (3)", "I (2)"]
    ax.figure.savefig(tmp_path / "r.png")
    assert _png_ok(tmp_path / "r.png")


def test_raster_colours_and_rows_by_type(run):
    net, _, rec = run
    ax = raster(rec.spikes, 1, network=net, e_color="green", i_color="purple")
    e_line, i_line = ax.get_lines()[-2:]
    assert e_line.get_color() == "green" and i_line.get_color() == "purple"
    t, c = rec.spikes.sample(1)
    assert len(e_line.get_ydata()) > 0 and len(i_line.get_ydata()) > 0
    # excitatory neurons 0..2 in rows 0..2, inhibitory 3, 4 in rows 3, 4
    np.testing.assert_array_equal(np.sort(e_line.get_ydata()), np.sort(c[c < 3]))
    np.testing.assert_array_equal(np.sort(i_line.get_ydata()), np.sort(c[c >= 3]))


def test_raster_respects_given_ax_and_writes_file_with_agg(tmp_path, run):
    net, inputs, rec = run
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    out = raster(rec.spikes, 0, ax=ax, network=net)
    assert out is ax
    assert len(fig.axes) == 1
    fig.savefig(tmp_path / "given.png")
    assert _png_ok(tmp_path / "given.png")


def test_raster_with_inputs_adds_a_panel_above(tmp_path, run):
    net, inputs, rec = run
    ax = raster(rec.spikes, 0, network=net, inputs=inputs, title="demo")
    fig = ax.figure
    assert len(fig.axes) == 2
    top = [a for a in fig.axes if a is not ax][0]
    assert top.get_position().y0 > ax.get_position().y0
    t, c = inputs.sample(0)
    np.testing.assert_allclose(np.sort(top.get_lines()[0].get_xdata()), np.sort(t))
    assert top.get_title() == "demo"
    fig.savefig(tmp_path / "with_inputs.png")
    assert _png_ok(tmp_path / "with_inputs.png")

    # a given ax gets its input panel split off its top; given input_ax is used as is
    fig2, ax2 = plt.subplots()
    assert raster(rec.spikes, 0, ax=ax2, inputs=inputs) is ax2
    assert len(fig2.axes) == 2
    fig3, (in3, ax3) = plt.subplots(2, 1)
    assert raster(rec.spikes, 0, ax=ax3, inputs=inputs, input_ax=in3) is ax3
    assert len(fig3.axes) == 2 and len(in3.get_lines()) == 1


def test_raster_without_network_and_errors(run):
    net, inputs, rec = run
    ax = raster(rec.spikes)
    assert ax.get_legend() is None and ax.get_ylabel() == "neuron"
    with pytest.raises(IndexError, match="sample"):
        raster(rec.spikes, 5)
    with pytest.raises(TypeError, match="spikes"):
        raster(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="network"):
        raster(rec.spikes, network=ls.from_matrices(np.zeros((3, 3))))


def test_traces_units_ax_and_labels(tmp_path, run):
    _, _, rec = run
    fig, ax = plt.subplots()
    out = traces(rec, "v", sample=0, ax=ax, labels=["n0", "n3"], threshold=15e-3)
    assert out is ax
    lines = ax.get_lines()
    np.testing.assert_allclose(lines[0].get_ydata(), rec.traces["v"][0][:, 0] * 1e3)
    np.testing.assert_allclose(lines[0].get_xdata(), rec.trace_times[0])
    assert lines[-1].get_ydata()[0] == pytest.approx(15.0)  # threshold in mV
    assert "mV" in ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["n0", "n3"]
    fig.savefig(tmp_path / "traces.png")
    assert _png_ok(tmp_path / "traces.png")

    ax2 = traces(rec, "i_e", sample=1, columns=[1])
    assert isinstance(ax2, Axes) and len(ax2.get_lines()) == 1 and "nA" in ax2.get_ylabel()


def test_traces_errors(run):
    _, _, rec = run
    with pytest.raises(ValueError, match="not recorded"):
        traces(rec, "i_i")
    with pytest.raises(ValueError, match="variable"):
        traces(rec, "w")
    with pytest.raises(ValueError, match="columns"):
        traces(rec, columns=[2])
    with pytest.raises(TypeError, match="recording"):
        traces(object())


def test_missing_matplotlib_message(monkeypatch, run):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"liquidstate\[plot\]"):
        raster(run[2].spikes)


def test_accuracy_bars_liquid_beside_control(tmp_path):
    from liquidstate.plotting import accuracy_bars

    ax = accuracy_bars([0.84, 0.83, 0.88], [0.26] * 3, seeds=[0, 1, 2], ci=(0.81, 0.86),
                       control_ci=(0.2, 0.33), chance=0.1, title="10 templates")
    assert isinstance(ax, Axes)
    liquid_bars, control_bars = ax.containers                        # two bars per seed
    assert [round(p.get_height(), 2) for p in liquid_bars] == [0.84, 0.83, 0.88]
    assert [round(p.get_height(), 2) for p in control_bars] == [0.26] * 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]
    assert ax.get_title() == "10 templates"
    fig = Figure()
    FigureCanvasAgg(fig)
    own = fig.subplots()
    assert accuracy_bars([1.0], [0.5], ax=own) is own
    fig.savefig(tmp_path / "acc.png")
    assert _png_ok(tmp_path / "acc.png")
    with pytest.raises(ValueError, match="one accuracy per seed"):
        accuracy_bars([0.5, 0.6], [0.5])
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        accuracy_bars([84.0], [26.0])
    with pytest.raises(ValueError, match="seeds must have one label"):
        accuracy_bars([0.5], [0.5], seeds=[1, 2])
    with pytest.raises(ValueError, match="ci must be a pair"):
        accuracy_bars([0.5], [0.5], ci=0.5)


def test_separation_plot_draws_one_curve_per_distance():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from liquidstate.plotting import separation_plot

    times = np.linspace(0, 0.5, 51)
    curves = np.vstack([d * np.ones_like(times) for d in (0.0, 1.0, 2.0)])
    ax = Figure().subplots()
    out = separation_plot(times, curves, [0.0, 0.1, 0.2], ax=ax)
    assert out is ax and len(ax.lines) == 3
    assert {tuple(line.get_ydata()[:1]) for line in ax.lines} == {(0.0,), (1.0,), (2.0,)}
    with pytest.raises(ValueError):
        separation_plot(times, curves[:, :10], [0.0, 0.1, 0.2])


def test_confusion_matrix_rows_true_columns_predicted(tmp_path):
    from liquidstate.plotting import confusion_matrix

    cm = np.array([[8, 2, 0], [0, 10, 0], [1, 0, 0]])
    ax = confusion_matrix(cm, ["a", "b", "c"], title="liquid")
    assert isinstance(ax, Axes) and ax.get_title() == "liquid"
    image = ax.images[0].get_array()
    assert image[0].tolist() == [0.8, 0.2, 0.0] and image[2].tolist() == [1.0, 0.0, 0.0]
    assert image[1, 1] == 1.0
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(["8", "2", "10", "1"])          # non-zero counts only
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_xlabel() == "predicted label" and ax.get_ylabel() == "true label"
    fig = Figure()
    FigureCanvasAgg(fig)
    own = fig.subplots()
    assert confusion_matrix(cm, "abc", ax=own, normalise=False, counts=False) is own
    assert own.images[0].get_array().max() == 10 and not own.texts
    fig.savefig(tmp_path / "cm.png")
    assert _png_ok(tmp_path / "cm.png")
    with pytest.raises(ValueError, match="square"):
        confusion_matrix(cm[:2], ["a", "b", "c"])
    with pytest.raises(ValueError, match="one row per label"):
        confusion_matrix(cm, ["a", "b"])
    with pytest.raises(ValueError, match="counts >= 0"):
        confusion_matrix(-cm, ["a", "b", "c"])


def test_task_bars_with_a_baseline_and_without_control():
    from liquidstate.plotting import task_bars

    ax = task_bars(["all", "ann"], [[0.9, 0.8], [0.92, 0.84]], [0.7, 0.6],
                   baseline=[0.95, 0.9], baseline_label="MFCC")
    from matplotlib.container import BarContainer

    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    liquid, control, baseline = bars
    assert [round(p.get_height(), 2) for p in liquid] == [0.91, 0.82]
    assert [round(p.get_height(), 2) for p in baseline] == [0.95, 0.9]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "liquid", "control (no liquid)", "MFCC"]
    ax = task_bars(["x"], [[0.5]], None, baseline=[0.4])
    assert len([c for c in ax.containers if isinstance(c, BarContainer)]) == 2
    with pytest.raises(ValueError, match="baseline must hold one score per task"):
        task_bars(["x", "y"], [[0.5, 0.5]], None, baseline=[0.4])
