"""The speech experiment: synthetic word folders (tones and chirps), FSDD-named folders, the
cache of encoded inputs, bad files and bad splits, and a small subset of the real FSDD."""

import json
from pathlib import Path

import numpy as np
import pytest

sf = pytest.importorskip("soundfile")
pytest.importorskip("librosa")

from liquidstate.datasets import audio_folder, fsdd  # noqa: E402
from liquidstate.experiments import speech  # noqa: E402
from liquidstate.experiments.speech import (ProtocolResult, SpeechResult, run_fsdd,  # noqa: E402
                                            run_speech, run_speech_folder)
from liquidstate.network.specs import Maass2002  # noqa: E402

SR = 8000
TONES = {"a": 300.0, "b": 900.0, "c": 2000.0}


def word(label: str, i: int, sr: int = SR, tones=TONES) -> np.ndarray:
    """A chirp around the label's frequency, 0.15-0.2 s, a Hann envelope."""
    n = int(sr * (0.15 + 0.01 * (i % 6)))
    t = np.arange(n) / sr
    return 0.3 * np.sin(2 * np.pi * tones[label] * (1 + 0.3 * t) * t) * np.hanning(n)


def write_words(root: Path, speakers=("ann", "bob"), n_index: int = 6, tones=TONES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for label in tones:
        for s in speakers:
            for i in range(n_index):
                sf.write(root / f"{label}_{s}_{i}.wav", word(label, i, tones=tones), SR)
    return root


#: A small, fast configuration of every stage.
SMALL = dict(encoder="levels", n_bands=8, n_levels=2, n_bins=3, seeds=(0, 1), tail=0.02,
             network=Maass2002(shape=(3, 3, 3), input_fraction=0.3))


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    return write_words(tmp_path_factory.mktemp("words"))


# ---------------------------------------------------------------------- the experiment
def test_folder_by_speaker_gives_every_figure(words, tmp_path):
    r = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, **SMALL)
    assert isinstance(r, SpeechResult) and list(r.protocols) == ["test"]
    p = r.protocols["test"]
    assert isinstance(p, ProtocolResult) and p.folds == ("bob",)
    assert p.n_test == 18 and p.n_train == (18,)
    assert r.classes.tolist() == ["a", "b", "c"] and r.seeds == (0, 1)
    assert r.n_neurons == 27 and r.n_inputs == 2 * 2 * 8 and r.n_recordings == 36
    # the tones are distinguishable from their bands alone
    assert p.accuracy("control") == 1.0 and p.accuracy("mfcc") >= 0.9
    liquid = p.accuracy("liquid")
    assert liquid.shape == (2,) and np.all((liquid >= 0) & (liquid <= 1))
    assert p.fold_accuracy("liquid").shape == (2, 1)
    # confusion: counts summed over seeds for the liquid, rows = true labels
    cm = p.confusion("liquid")
    assert cm.shape == (3, 3) and cm.sum() == 2 * 18
    assert cm.sum(axis=1).tolist() == [12, 12, 12]
    assert np.trace(p.confusion("control")) == 18
    assert list(p.speaker_accuracy("liquid")) == ["bob"]
    assert p.speaker_accuracy("control") == {"bob": 1.0}
    assert r.rates.shape == (2,) and np.all(r.rates > 0) and r.input_rate > 0
    assert p.penalties["liquid"].shape == (2, 1) and p.penalties["mfcc"].shape == (1,)
    for key in ("front_end_s", "encode_s", "warmup_s", "control_s", "mfcc_s", "load_s"):
        assert r.timings[key] >= 0
    for key in ("build_s", "simulate_s", "states_s", "readout_s"):
        assert len(r.timings[key]) == 2
    assert not r.cache_hit and r.skipped == ()
    # JSON-ready metrics and text
    m = json.loads(json.dumps(r.metrics()))["test"]
    assert m["liquid"]["per_seed"] == liquid.tolist()
    assert m["control"]["per_speaker"] == {"bob": 1.0}
    assert m["confusion"]["labels"] == ["a", "b", "c"]
    assert m["difference"]["per_seed"] == pytest.approx((liquid - 1.0).tolist())
    text = "\n".join(r.table() + r.stage_lines())
    assert "liquid" in text and "control" in text and "MFCC" in text and "simulation" in text


def test_fraction_split_is_stratified_and_seeded(words, tmp_path):
    kw = dict(cache_dir=tmp_path, mfcc=False, **{**SMALL, "seeds": (0,)})
    pytest.importorskip("tqdm")
    a = run_speech_folder(words, test_fraction=0.5, split_seed=1, progress=True, **kw)
    b = run_speech_folder(words, split_seed=1, **kw)            # default fraction 0.2
    pa, pb = a.protocols["test"], b.protocols["test"]
    assert pa.n_test == 18 and pb.n_test == 3 * round(0.2 * 12)
    assert sorted(np.unique(pa.labels[0], return_counts=True)[1].tolist()) == [6, 6, 6]
    assert pa.mfcc is None and a.metrics()["test"]["mfcc"] is None
    assert b.parameters["test_fraction"] == 0.2 and b.parameters["split_seed"] == 1


def test_fsdd_named_folder_runs_both_protocols(tmp_path):
    # FSDD's layout: digits, speakers, indices 0-5 (0-4 test, 5 train)
    tones = {"0": 300.0, "1": 900.0, "2": 2000.0}
    root = write_words(tmp_path / "fsdd" / "recordings", tones=tones)
    r = run_fsdd(tmp_path / "fsdd", cache_dir=tmp_path / "cache", **SMALL)
    assert list(r.protocols) == ["standard", "loso"]
    std, loso = r.protocols["standard"], r.protocols["loso"]
    assert std.folds == ("standard",) and std.n_test == 30 and std.n_train == (6,)
    assert loso.folds == ("ann", "bob") and loso.n_train == (18, 18)
    # loso: one fold per speaker, the per-speaker accuracy is the fold's
    folds = loso.fold_accuracy("liquid")
    speakers = loso.speaker_accuracy("liquid")
    assert np.allclose(folds[:, 0], speakers["ann"]) and np.allclose(folds[:, 1], speakers["bob"])
    assert np.allclose(loso.accuracy("liquid"), folds.mean(axis=1))
    assert set(r.metrics()) == {"standard", "loso"}
    assert r.parameters["protocols"] == ["standard", "loso"] and root.is_dir()
    only = run_fsdd(tmp_path / "fsdd", protocols=["loso"], cache_dir=tmp_path / "cache",
                    **{**SMALL, "seeds": (0,)}, mfcc=False, control=False)
    assert list(only.protocols) == ["loso"] and only.cache_hit
    with pytest.raises(ValueError, match="protocols must name some of"):
        run_fsdd(tmp_path / "fsdd", protocols=["standard", "random"])


@pytest.mark.parametrize("encoder", ["bsa", "delta"])
def test_other_encoders_and_the_logistic_readout(words, tmp_path, encoder):
    r = run_speech_folder(words, test_speakers="bob", cache_dir=tmp_path,
                          readout="logistic", mfcc=False, tau=(0.01, 0.05),
                          **{**SMALL, "seeds": (0,), "encoder": encoder})
    expected = {"bsa": 8, "delta": 16}[encoder]
    assert r.n_inputs == expected and r.parameters["encoder"] == encoder
    assert r.protocols["test"].accuracy("control") >= 0.9
    assert r.protocols["test"].penalties["liquid"].shape == (1, 1)


# ---------------------------------------------------------------------- the cache
def test_second_run_loads_the_encoded_inputs_from_the_cache(words, tmp_path, monkeypatch):
    first = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                              **SMALL)
    assert not first.cache_hit and first.timings["encode_s"] > 0
    assert Path(first.cache_path).is_file()

    def fail(*args, **kwargs):
        raise AssertionError("the front end ran again")

    monkeypatch.setattr(speech, "_encode", fail)
    # another liquid and readout: the encoding is the same, so it comes from the cache
    other = {**SMALL, "network": Maass2002(shape=(4, 3, 3), input_fraction=0.2),
             "n_bins": 2}
    second = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                               **other)
    assert second.cache_hit and second.cache_path == first.cache_path
    assert second.timings["front_end_s"] == 0 and second.timings["encode_s"] == 0
    assert second.n_neurons == 36
    # another front end is another entry
    monkeypatch.undo()
    third = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                              **{**SMALL, "n_bands": 6})
    assert not third.cache_hit and third.cache_path != first.cache_path
    # cache=False: computed, nothing written
    off = run_speech_folder(words, test_speakers=["bob"], cache=False, mfcc=False, **SMALL)
    assert off.cache_path is None and not off.cache_hit
    assert np.array_equal(off.protocols["test"].liquid[0], first.protocols["test"].liquid[0])


def test_a_new_encoding_revision_is_a_new_cache_entry(words, tmp_path, monkeypatch):
    # code that changes the encoded output bumps ENCODED_REVISION: old entries must miss
    first = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                              **{**SMALL, "seeds": (0,)})
    monkeypatch.setattr(speech, "ENCODED_REVISION", speech.ENCODED_REVISION + 1)
    second = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                               **{**SMALL, "seeds": (0,)})
    assert not second.cache_hit and second.cache_path != first.cache_path


def test_an_interrupted_encoding_leaves_no_entry(words, tmp_path, monkeypatch):
    real = speech.threshold_levels
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:          # after the warm-up, mid-run
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setitem(speech._ENCODE, "levels", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                          **SMALL)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    r = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False,
                          **SMALL)
    assert not r.cache_hit and Path(r.cache_path).is_file()


def test_unwritable_cache_is_a_warning_and_the_run_goes_on(words, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.warns(UserWarning, match="could not cache the encoded inputs"):
        r = run_speech_folder(words, test_speakers=["bob"], cache_dir=blocker / "sub",
                              mfcc=False, **SMALL)
    assert r.protocols["test"].accuracy("control") == 1.0


# ---------------------------------------------------------------------- bad data
def test_bad_files_are_skipped_reported_and_the_rest_runs(words, tmp_path):
    root = tmp_path / "mixed"
    root.mkdir()
    for f in words.iterdir():
        (root / f.name).write_bytes(f.read_bytes())
    (root / "a_ann_90.wav").write_bytes(b"this is not audio")             # unreadable
    sf.write(root / "b_ann_91.wav", np.zeros(0), SR)                        # empty
    (root / "noise.wav").write_bytes((words / "a_ann_0.wav").read_bytes())  # no label
    stereo = np.stack([word("c", 1), word("c", 1)], axis=1)
    sf.write(root / "c_ann_92.wav", stereo, SR)                             # stereo: mixed down
    sf.write(root / "c_ann_93.wav", word("c", 2, sr=16000), 16000)         # 16 kHz: resampled
    with pytest.warns(UserWarning, match="skipped 3 of"):
        r = run_speech_folder(root, test_speakers=["bob"], cache_dir=tmp_path / "cache",
                              **SMALL)
    assert r.n_recordings == 38 and len(r.skipped) == 3
    assert any("a_ann_90.wav" in s and "not readable" in s for s in r.skipped)
    assert any("noise.wav" in s and "no label" in s for s in r.skipped)
    assert r.metrics()["test"]["control"]["mean"] == 1.0


def test_unknown_speaker_is_a_clear_error(words, tmp_path):
    with pytest.raises(ValueError, match=r"test_speakers: unknown speaker\(s\) \['carl'\]"):
        run_speech_folder(words, test_speakers=["carl"], cache_dir=tmp_path, **SMALL)


def test_a_label_only_in_the_test_set_is_refused_naming_it(tmp_path):
    root = write_words(tmp_path / "w")
    sf.write(root / "d_bob_0.wav", word("a", 0), SR)
    with pytest.raises(ValueError, match=r"label\(s\) \['d'\] absent from the training set"):
        run_speech_folder(root, test_speakers=["bob"], cache_dir=tmp_path, **SMALL)
    # a stratified fraction keeps every label in training
    r = run_speech_folder(root, test_fraction=0.3, cache_dir=tmp_path, mfcc=False,
                          **{**SMALL, "seeds": (0,)})
    assert "d" in r.classes and "d" not in r.protocols["test"].labels[0]


def test_a_training_set_of_one_label_is_refused_before_any_work(tmp_path, monkeypatch):
    root = write_words(tmp_path / "one", tones={"a": 300.0})
    ds = audio_folder(root)

    def no_work(*args, **kwargs):
        raise AssertionError("encoding started before the folds were checked")

    monkeypatch.setattr(speech, "_encode", no_work)
    with pytest.raises(ValueError, match=r"fold 'f': the training set holds one label \('a'\)"):
        run_speech(ds, {"p": [("f", *ds.fraction_split(0.5))]}, cache=False, **SMALL)


def test_bad_arguments_name_themselves(words, tmp_path):
    with pytest.raises(ValueError, match="path: the speech task needs the folder"):
        run_speech_folder(None)
    with pytest.raises(ValueError, match="test_speakers and test_fraction"):
        run_speech_folder(words, test_speakers=["bob"], test_fraction=0.2)
    with pytest.raises(ValueError, match="no labelled, readable audio file"):
        empty = tmp_path / "empty"
        empty.mkdir()
        (empty / "x.wav").write_bytes(b"nothing")
        run_speech_folder(empty)
    ds = audio_folder(words)
    split = {"test": [("bob", *ds.speaker_split("bob"))]}
    for kwargs, match in [({"encoder": "rate"}, "encoder must be one of"),
                          ({"readout": "svm"}, "readout must be one of"),
                          ({"compression": "sqrt"}, "compression must be one of"),
                          ({"n_bins": 0}, "n_bins must be a positive int"),
                          ({"tau": -0.1}, "tau"),
                          ({"seeds": (0, 0)}, "seeds must hold"),
                          ({"alphas": ()}, "alphas must hold at least one number > 0"),
                          ({"dt": 0}, "dt must be finite and > 0"),
                          ({"n_bands": 0}, "n_bands"),
                          ({"bsa_threshold": "high"}, "bsa_threshold"),
                          ({"trim_db": -1.0}, "trim_db must be finite and > 0"),
                          ({"n_bins": (2, 2)}, "n_bins must not repeat"),
                          ({"n_bins": []}, "n_bins must be a positive int or a non-empty"),
                          ({"n_bins": (1, 0)}, "n_bins must be a positive int"),
                          ({"trim_db": "off"}, "trim_db must be a real number")]:
        with pytest.raises((ValueError, TypeError), match=match):
            run_speech(ds, split, cache_dir=tmp_path, **kwargs)
    with pytest.raises(TypeError, match="protocols must be a non-empty dict"):
        run_speech(ds, [], cache_dir=tmp_path)
    train, test = ds.speaker_split("bob")
    with pytest.raises(ValueError, match="protocol 'p', fold 'f': train and test share"):
        run_speech(ds, {"p": [("f", train, np.concatenate([test, train[:1]]))]})
    with pytest.raises(TypeError, match="dataset must be a SpeechDataset"):
        run_speech(str(words), split)


def test_several_numbers_of_bins_make_a_pyramid(words, tmp_path):
    from liquidstate.spikes import SpikeTrains

    spikes = SpikeTrains.poisson(np.full(5, 40.0), 0.3, n_samples=4, seed=1)
    ex = speech._extractor("counts", (0.03,), (1, 2, 4))
    X = ex(spikes)
    assert X.shape == (4, 7 * 5)
    # the whole recording's count is the sum of its halves' (square roots squared)
    np.testing.assert_allclose(X[:, :5] ** 2, spikes.counts())
    np.testing.assert_allclose(X[:, :5] ** 2, (X[:, 5:15] ** 2).reshape(4, 2, 5).sum(axis=1))
    r = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path,
                          **dict(SMALL, n_bins=[1, 3], seeds=(0,)))
    assert r.parameters["n_bins"] == [1, 3]
    assert r.protocols["test"].accuracy("liquid")[0] > 0.5


def test_the_liquid_and_the_control_are_the_public_pipeline(words, tmp_path):
    # the experiment's predictions are those of LiquidTransformer / InputTransformer with the
    # same extractor, and the ridge readout on standardised states
    from liquidstate.datasets.cache import load_spikes
    from liquidstate.estimators import InputTransformer, LiquidTransformer
    from liquidstate.readouts import RidgeClassifierReadout
    from liquidstate.states import StateExtractor

    kw = dict(SMALL, seeds=(1,), n_bins=(1, 2))
    r = run_speech_folder(words, test_speakers=["bob"], cache_dir=tmp_path, mfcc=False, **kw)
    p = r.protocols["test"]
    ds = audio_folder(words)
    train, test = ds.speaker_split("bob")
    inputs = load_spikes(tmp_path, Path(r.cache_path).stem).pad(after=SMALL["tail"])
    ex = StateExtractor(kind="counts", n_bins=(1, 2), scale="sqrt")
    liquid = LiquidTransformer(network=SMALL["network"], extractor=ex, dt=5e-4,
                               random_state=1).fit(inputs)
    for X, expected in ((liquid.transform(inputs), p.liquid[0][0]),
                        (InputTransformer(extractor=ex).fit(inputs).transform(inputs),
                         p.control[0])):
        readout = RidgeClassifierReadout(standardize=True).fit(X[train], ds.labels[train])
        np.testing.assert_array_equal(readout.predict(X[test]).astype(str), expected)


def test_trimming_reaches_the_front_end_and_the_mfccs(tmp_path):
    from liquidstate.datasets import SpeechDataset

    # words padded with 0.15 s of silence before and 0.1 s after
    signals = [np.concatenate([np.zeros(1200), word(lab, i), np.zeros(800)])
               for lab in TONES for i in range(4)]
    ds = SpeechDataset(signals=signals, sample_rate=SR,
                       labels=np.repeat(list(TONES), 4),
                       speakers=np.tile(["ann", "ann", "bob", "bob"], 3),
                       index=np.tile([0, 1, 0, 1], 3))
    split = {"test": [("bob", *ds.speaker_split("bob"))]}
    kw = dict(SMALL, seeds=(0,), cache_dir=tmp_path)
    whole = run_speech(ds, split, trim_db="none", **kw)
    cut = run_speech(ds, split, trim_db=20.0, **kw)
    assert whole.parameters["trim_db"] is None and cut.parameters["trim_db"] == 20.0
    assert cut.cache_path != whole.cache_path                 # separate cache entries
    from liquidstate.datasets.cache import load_spikes
    key = lambda r: Path(r.cache_path).stem                    # noqa: E731
    d_whole = load_spikes(tmp_path, key(whole)).durations
    d_cut = load_spikes(tmp_path, key(cut)).durations
    # the silence (0.25 s) is gone, up to a frame (32 ms) at each end
    assert np.all(d_whole - d_cut > 0.25 - 2 * 0.032)
    n_whole = [f.shape[0] for f in speech._mfcc_frames(ds, 13, None)]
    n_cut = [f.shape[0] for f in speech._mfcc_frames(ds, 13, 20.0)]
    assert all(a - b >= 18 for a, b in zip(n_whole, n_cut))   # 10 ms MFCC frames


def test_wrappers_show_every_option_of_run_speech():
    import inspect

    own = inspect.signature(run_speech).parameters
    for function in (run_fsdd, run_speech_folder):
        params = inspect.signature(function).parameters
        for name, p in own.items():
            if p.kind is p.KEYWORD_ONLY:
                assert params[name].default == p.default, (function.__name__, name)
    assert "test_speakers" in inspect.signature(run_speech_folder).parameters
    with pytest.raises(TypeError, match="unexpected keyword"):
        run_speech_folder("x", n_band=3)


# ---------------------------------------------------------------------- real FSDD
def test_small_fsdd_subset_standard_and_loso(tmp_path, fsdd_dir):
    ds = fsdd(fsdd_dir)
    keep = np.flatnonzero(np.isin(ds.labels, ["0", "1", "2"]) & (ds.index < 8))
    sub = ds.subset(keep)                                    # 3 digits x 6 speakers x 8
    protocols = {"standard": [("standard", *sub.standard_split())],
                 "loso": sub.loso_splits()}
    r = run_speech(sub, protocols, cache_dir=tmp_path, n_bands=16, n_levels=4, n_bins=5,
                   seeds=(0,), network=Maass2002(shape=(5, 5, 4), input_fraction=0.1))
    std, loso = r.protocols["standard"], r.protocols["loso"]
    assert std.n_test == 90 and len(loso.folds) == 6 and loso.n_test == 144
    assert sorted(std.speaker_accuracy("liquid")) == sorted(np.unique(sub.speakers).tolist())
    # well above chance (1/3) on both protocols, for the liquid and both baselines
    for p in (std, loso):
        assert p.accuracy("liquid")[0] > 0.6
        assert p.accuracy("control") > 0.6 and p.accuracy("mfcc") > 0.6
