"""Encoders: signals to spikes (or to analog input current) for a liquid.

Each encoder is a pure function and a scikit-learn transformer (``fit`` validates and
records ``n_channels_in_``; ``transform`` encodes):

- :func:`poisson_rate` / :class:`PoissonEncoder`: value in [0, 1] -> Poisson rate;
- :func:`latency` / :class:`LatencyEncoder`: value in [0, 1] -> time to first spike;
- :func:`delta` / :class:`DeltaEncoder`: send-on-delta, an up and a down channel per signal
  (:func:`delta_decode` reconstructs);
- :func:`threshold_levels` / :class:`ThresholdLevelsEncoder`: level crossing, an up and a
  down channel per fixed level in (0, 1) and signal (:func:`threshold_levels_decode`);
- :func:`bsa` / :class:`BSAEncoder`: Ben's Spiker Algorithm with an FIR filter
  (:func:`bsa_filter`, :func:`bsa_decode`);
- :func:`analog` / :class:`AnalogEncoder`: current injection, no spikes.

Audio comes in through the auditory front end, :func:`cochleagram` /
:class:`AuditoryFrontEnd` (silence trimming, gammatone or mel filterbank, gain normalisation,
compression; :func:`trim_silence`, :func:`erb_space`, :func:`erb`, :func:`gammatone_sos`), whose band envelopes in [0, 1] are
signals for the encoders above.

Input: ``X`` is a list of arrays ``(n_steps_i, n_channels)`` (samples may differ in length)
or a 3-D array ``(n_samples, n_steps, n_channels)``; each row lasts ``dt`` seconds (the
signal's sampling period). Spiking encoders return :class:`liquidstate.SpikeTrains` whose
sample ``i`` lasts ``n_steps_i * dt`` seconds; :func:`analog` returns the list of arrays to
pass as ``currents=`` to :func:`liquidstate.simulate`.

Randomness is keyed per sample: :func:`poisson_rate` encodes sample ``i`` with
``liquidstate.random.rng(seed, "poisson_rate", first_index + i)``, so a sample gets the same
spikes in any batch. Transformers take ``transform(X, first_index=0)`` (ignored by the
deterministic encoders) so a dataset can be encoded in pieces.
"""

from .analog import AnalogEncoder, analog
from .auditory import (AuditoryFrontEnd, cochleagram, erb, erb_space, gammatone_sos,
                       trim_silence)
from .rate import PoissonEncoder, poisson_rate
from .temporal import (BSAEncoder, DeltaEncoder, LatencyEncoder, ThresholdLevelsEncoder, bsa,
                       bsa_decode, bsa_filter, delta, delta_decode, latency, threshold_levels,
                       threshold_levels_decode)

__all__ = ["poisson_rate", "PoissonEncoder", "latency", "LatencyEncoder", "delta",
           "delta_decode", "DeltaEncoder", "threshold_levels", "threshold_levels_decode",
           "ThresholdLevelsEncoder", "bsa", "bsa_decode", "bsa_filter", "BSAEncoder",
           "analog", "AnalogEncoder", "cochleagram", "AuditoryFrontEnd", "erb_space", "erb",
           "gammatone_sos", "trim_silence"]
