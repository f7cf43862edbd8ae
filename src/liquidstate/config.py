"""Experiment configurations from TOML files, validated against a declared schema.

A config file sets the parameters of one experiment (see ``liquidstate run --help`` for the
tasks and ``examples/configs/`` for documented examples). Its top-level keys are the
experiment function's parameters; a table (``[network]``) holds the parameters of an object
the function receives (the liquid's :class:`~liquidstate.network.specs.Maass2002` spec). Keys
that are absent keep their documented defaults, which are the function's own. An optional
top-level ``task = "NAME"`` must name the task the file is run with.

Every value is checked when the file is read, before any work: an unknown key, a value of the
wrong type or out of range raises :class:`ConfigError`, whose message names the file, the key
(``network.shape``) and what was expected.

A schema is data: a :class:`ConfigSchema` of :class:`Param` (name, default, documentation and a
checker) and :class:`Table` entries. An experiment's schema is derived from its function
(:func:`schema_from_function`): the keys, their defaults and meanings are the function's
keyword parameters, their defaults and the docstring's Parameters section, and what a key
accepts is told by its default's type, a set of options in its docstring type
(``{"min", "1se"}``) or, for a range or a unit the signature cannot say, a checker declared
beside the task (see :mod:`liquidstate.experiments.runner`). Adding a parameter to the
function adds the key. The checkers here (:func:`integer`, :func:`number`, :func:`boolean`,
:func:`integers`, :func:`numbers`, :func:`choice`, :func:`choices`, :func:`string`,
:func:`strings`, :func:`or_none`) follow the package's argument rules
(:mod:`liquidstate._validation`); :data:`MAASS2002_TABLE` and :func:`maass2002_table` (the
same table with other defaults) give the ``[network]`` table, derived from
:class:`~liquidstate.network.specs.Maass2002`. :meth:`ConfigSchema.override` applies values
given elsewhere (command-line options) with the same checks; :meth:`ConfigSchema.to_toml`
writes a documented config of the defaults (``liquidstate run TASK --print-config``).
"""

from __future__ import annotations

import difflib
import inspect
import re
import textwrap
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import _validation as _v

__all__ = ["ConfigError", "Param", "Table", "ConfigSchema", "load_config", "read_toml",
           "schema_from_function", "config_params", "docstring_parameters",
           "integer", "number", "boolean", "integers", "numbers", "choice", "choices",
           "string", "strings", "or_none", "maass2002_table", "MAASS2002_TABLE"]


class ConfigError(ValueError):
    """A config file that cannot be used; ``key`` names the offending key (or ``None``)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


class _Invalid(Exception):
    """Raised by a checker: the value is not what was expected (the checker's ``expected``)."""


# ============================================================================ checkers
# A checker maps a TOML value to the value the experiment receives, or raises _Invalid. Its
# ``expected`` attribute says in words what it accepts (used in errors and in the help). The
# rules (what is an integer, a finite number) are those of :mod:`liquidstate._validation`.
Checker = Callable[[Any], Any]


def _checker(expected: str):
    def wrap(fn):
        fn.expected = expected
        return fn
    return wrap


def _valid(check, *args, **kwargs):
    """``check(*args, **kwargs)``, its TypeError or ValueError as _Invalid."""
    try:
        return check(*args, **kwargs)
    except (TypeError, ValueError):
        raise _Invalid from None


def integer(minimum: int | None = None) -> Checker:
    """An integer (a TOML integer, not ``10.0``), ``>= minimum`` when given."""
    expected = "an integer" + (f" >= {minimum}" if minimum is not None else "")

    @_checker(expected)
    def check(value):
        return _valid(_v.integer, value, "value", minimum=minimum)
    return check


def number(*, low: float | None = None, high: float | None = None, low_open: bool = False,
           high_open: bool = False, unit: str = "") -> Checker:
    """A finite number (integer or float) in the given range; returned as float."""
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    expected = "a finite number" + (" " + " and ".join(parts) if parts else "") + \
        (f" ({unit})" if unit else "")

    @_checker(expected)
    def check(value):
        return _valid(_v.real, value, "value", low=low, high=high, low_open=low_open,
                      high_open=high_open)
    return check


def or_none(inner: Checker) -> Checker:
    """What ``inner`` accepts, or the string "none" (returned as None): for a key whose
    default is a value but which can be switched off."""
    @_checker(inner.expected + ', or "none"')
    def check(value):
        return None if value == "none" else inner(value)
    return check


@_checker("true or false")
def boolean(value):
    """A TOML boolean."""
    return _valid(_v.boolean, value, "value")


def integers(*, minimum: int | None = None, length: int | None = None,
             unique: bool = False, scalar: bool = False) -> Checker:
    """A non-empty array of integers (``>= minimum``; exactly ``length`` of them if given);
    returned as a tuple. With ``scalar`` a single integer is accepted too and returned as a
    tuple of one."""
    what = f"{length} integers" if length is not None else "a non-empty array of integers"
    if minimum is not None:
        what += f" >= {minimum}"
    if unique:
        what += ", all different"
    if scalar:
        what += ", or one integer"
    one = integer(minimum)

    @_checker(what if length is None else f"an array of {what}")
    def check(value):
        if scalar and _v.is_int(value):
            value = [value]
        if not isinstance(value, list) or not value:
            raise _Invalid
        if length is not None and len(value) != length:
            raise _Invalid
        out = tuple(one(v) for v in value)
        if unique and len(set(out)) != len(out):
            raise _Invalid
        return out
    return check


def numbers(*, low: float | None = None, low_open: bool = False, unit: str = "",
            empty_none: bool = False, length: int | None = None,
            unique: bool = False, scalar: bool = False) -> Checker:
    """A non-empty array of finite numbers (each as :func:`number` with ``low``; exactly
    ``length`` of them if given; all different with ``unique``); returned as a tuple of
    floats. With ``empty_none`` an empty array ``[]`` is accepted and means ``None`` (e.g.
    "no multi-timescale state"). With ``scalar`` a single number is accepted too and
    returned as a tuple of one."""
    one = number(low=low, low_open=low_open)
    what = (f"an array of {length} finite numbers" if length is not None
            else "a non-empty array of finite numbers") + (
        f" {'>' if low_open else '>='} {low:g}" if low is not None else "") + \
        (f" ({unit})" if unit else "")
    if unique:
        what += ", all different"
    if empty_none:
        what += ", or [] for none"
    if scalar:
        what += ", or one number"

    @_checker(what)
    def check(value):
        if scalar and not isinstance(value, list):
            return (one(value),)
        if not isinstance(value, list):
            raise _Invalid
        if not value:
            if empty_none:
                return None
            raise _Invalid
        if length is not None and len(value) != length:
            raise _Invalid
        out = tuple(one(v) for v in value)
        if unique and len(set(out)) != len(out):
            raise _Invalid
        return out
    return check


def choice(*options: str) -> Checker:
    """One of the strings ``options``."""
    @_checker("one of " + ", ".join(repr(o) for o in options))
    def check(value):
        return _valid(_v.choice, value, "value", options)
    return check


def choices(*options: str) -> Checker:
    """A non-empty array of distinct strings, each one of ``options``; returned as a tuple."""
    @_checker("a non-empty array of distinct values among "
              + ", ".join(repr(o) for o in options))
    def check(value):
        if not isinstance(value, list) or not value:
            raise _Invalid
        out = tuple(_valid(_v.choice, v, "value", options) for v in value)
        if len(set(out)) != len(out):
            raise _Invalid
        return out
    return check


def string(what: str = "a non-empty string") -> Checker:
    """A non-empty string (``what`` says what it names, e.g. "a folder path")."""
    @_checker(what)
    def check(value):
        if not isinstance(value, str) or not value:
            raise _Invalid
        return value
    return check


def strings(what: str = "a non-empty array of distinct non-empty strings") -> Checker:
    """A non-empty array of distinct non-empty strings; returned as a tuple."""
    @_checker(what)
    def check(value):
        if not isinstance(value, list) or not value:
            raise _Invalid
        if not all(isinstance(v, str) and v for v in value) or len(set(value)) != len(value):
            raise _Invalid
        return tuple(value)
    return check


# ============================================================================ schema
@dataclass(frozen=True)
class Param:
    """One config key: its name, default (``None``: absent unless set), a checker and what
    it means (for the help and the example configs)."""

    name: str
    default: Any
    check: Checker
    doc: str

    @property
    def expected(self) -> str:
        return getattr(self.check, "expected", "a valid value")


@dataclass(frozen=True)
class Table:
    """A TOML table of parameters that ``factory(**values)`` turns into one argument of the
    experiment function (e.g. ``[network]`` -> ``Maass2002(...)``)."""

    name: str
    params: tuple[Param, ...]
    factory: Callable[..., Any]
    doc: str

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}


@dataclass(frozen=True)
class ConfigSchema:
    """The keys of one experiment's config: top-level parameters and tables."""

    task: str
    params: tuple[Param, ...]
    tables: tuple[Table, ...] = field(default=())

    def defaults(self) -> dict:
        """The default parameters: ``{name: value}``, tables as nested dicts."""
        out = {p.name: p.default for p in self.params}
        out.update({t.name: t.defaults() for t in self.tables})
        return out

    def keys(self) -> list[str]:
        """Every settable key, tables' keys dotted (``network.shape``)."""
        return [p.name for p in self.params] + [f"{t.name}.{p.name}" for t in self.tables
                                                 for p in t.params]

    def validate(self, data: Mapping, source: str = "config") -> dict:
        """Check a parsed TOML mapping; return the full parameters (defaults filled in).

        Raises :class:`ConfigError` naming ``source`` and the key for an unknown key, a
        wrong value, or a ``task`` that is not this schema's.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"{source}: the config must be a TOML table of keys")
        params = {p.name: p for p in self.params}
        tables = {t.name: t for t in self.tables}
        out = self.defaults()
        for key, value in data.items():
            if key == "task":
                if value != self.task:
                    raise ConfigError(f"{source}: key 'task': this file is for task {value!r}, "
                                      f"but it is run as task {self.task!r}", "task")
            elif key in params:
                out[key] = _check(params[key], value, key, source)
            elif key in tables:
                table = tables[key]
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{source}: key '{key}': expected a table ([{key}]) of "
                                      f"{table.doc}, got {_show(value)}", key)
                known = {p.name: p for p in table.params}
                for sub, subvalue in value.items():
                    name = f"{key}.{sub}"
                    if sub not in known:
                        raise ConfigError(_unknown(source, name, sub, list(known),
                                                   f"table [{key}]"), name)
                    out[key][sub] = _check(known[sub], subvalue, name, source)
            else:
                raise ConfigError(_unknown(source, key, key, ["task", *params, *tables],
                                           f"task {self.task!r}"), key)
        return out

    def override(self, params: Mapping, values: Mapping, source: str = "command line") -> dict:
        """``params`` (validated) with the top-level keys of ``values`` replaced, each checked
        as in a config file (TOML-like values: lists, strings, numbers). ``None`` resets a
        key whose default is ``None`` (unset). Raises :class:`ConfigError` naming ``source``
        and the key for an unknown key or a bad value."""
        known = {p.name: p for p in self.params}
        out = dict(params)
        for key, value in values.items():
            if key not in known:
                raise ConfigError(_unknown(source, key, key, list(known),
                                           f"task {self.task!r}"), key)
            if value is None and known[key].default is None:
                out[key] = None
            else:
                out[key] = _check(known[key], value, key, source)
        return out

    def arguments(self, params: Mapping) -> dict:
        """The keyword arguments of the experiment function for validated ``params``
        (each table made into its object)."""
        kwargs = {p.name: params[p.name] for p in self.params}
        for t in self.tables:
            kwargs[t.name] = t.factory(**params[t.name])
        return kwargs

    def to_toml(self, width: int = 92) -> str:
        """A config file of every key at its default, each under a comment saying what it
        means and accepts (keys whose default is unset are commented out): a documented
        starting point, which :meth:`validate` reads back as :meth:`defaults`."""
        def entries(params) -> list[str]:
            out = []
            for k, p in enumerate(params):
                if k == 0 or params[k - 1].doc != p.doc:      # a shared meaning once
                    out += [f"# {c}" for c in textwrap.wrap(p.doc, width=width - 2)]
                out += [f"# {c}" for c in textwrap.wrap(
                    f"{p.expected}; default: {_default_text(p)}", width=width - 2)]
                value = f"{p.name} = {_toml_value(p.default, quoted=True)}"
                if p.default is None:
                    value = f"# {p.name} ="
                elif len(value) > width and isinstance(p.default, tuple):
                    items = ", ".join(_toml_value(v, quoted=True) for v in p.default)
                    value = "\n".join([f"{p.name} = [", *textwrap.wrap(
                        items, width=width, initial_indent="    ",
                        subsequent_indent="    "), "]"])
                out.append(value)
                if k + 1 == len(params) or params[k + 1].doc != p.doc:
                    out.append("")
            return out

        lines = [f'task = "{self.task}"', ""] + entries(self.params)
        for t in self.tables:
            lines += [f"# {c}" for c in textwrap.wrap(t.doc, width=width - 2)]
            lines += [f"[{t.name}]", ""] + entries(t.params)
        return "\n".join(lines).rstrip() + "\n"

    def describe(self, width: int = 92) -> str:
        """The keys with their defaults and meanings, wrapped to ``width`` (for ``--help``)."""
        key_width = max(len(k) for k in self.keys())
        indent = " " * (key_width + 2)

        def entries(params, prefix: str = "") -> list[str]:
            # keys that share a meaning (one docstring entry) are listed together, the
            # meaning once after the last of them
            out = []
            for k, p in enumerate(params):
                last = k + 1 == len(params) or params[k + 1].doc != p.doc
                head = f"{prefix + p.name:<{key_width}}  {_default_text(p)}"
                out.append(textwrap.fill(f"{head}: {p.doc}", width=width,
                                         subsequent_indent=indent) if last else head + ",")
            return out

        lines = entries(self.params)
        for t in self.tables:
            lines.append(textwrap.fill(f"[{t.name}]: {t.doc}", width=width,
                                       subsequent_indent=indent))
            lines.extend(entries(t.params, f"{t.name}."))
        return "\n".join(lines)


def _default_text(p: Param) -> str:
    if p.default is None:
        return "(unset)"
    return _toml_value(p.default)


def _toml_value(value, quoted: bool = False) -> str:
    """``value`` as TOML writes it (strings bare for the help, ``quoted`` for a file)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v, quoted) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and quoted:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def _show(value) -> str:
    text = repr(value)
    kind = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array",
            dict: "table"}.get(type(value), type(value).__name__)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({kind})"


def _check(param: Param, value, key: str, source: str):
    try:
        return param.check(value)
    except _Invalid:
        raise ConfigError(f"{source}: key '{key}': expected {param.expected}, got "
                          f"{_show(value)}", key) from None


def _unknown(source: str, key: str, name: str, known: list[str], where: str) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return (f"{source}: unknown key '{key}'{hint}; the keys of {where} are: "
            f"{', '.join(known)}")


# ============================================================================ derived schemas
def _parameter_entries(function) -> list[tuple[list[str], str, str]]:
    """The entries of the NumPy docstring's ``Parameters`` section of ``function``: (names,
    type text, description) each; an entry may name several parameters (``dt, n_threads``)."""
    lines = (inspect.getdoc(function) or "").splitlines()
    start = next((k + 2 for k in range(len(lines) - 1)
                  if lines[k].strip() == "Parameters" and set(lines[k + 1].strip()) == {"-"}),
                 len(lines))
    entries = []
    for k in range(start, len(lines)):
        line = lines[k]
        if line and not line.startswith(" "):
            if k + 1 < len(lines) and set(lines[k + 1].strip()) == {"-"}:
                break                                           # the next section
            head, _, kind = line.partition(" : ")
            names = [n.strip().lstrip("*") for n in head.split(",") if n.strip()]
            entries.append((names, kind.strip(), []))
        elif line.strip() and entries:
            entries[-1][2].append(line.strip())
    return [(names, kind, _plain_text(" ".join(text))) for names, kind, text in entries]


def docstring_parameters(function) -> dict[str, str]:
    """The descriptions of the NumPy docstring's ``Parameters`` section of ``function``:
    ``{name: text}``, Sphinx roles and literals made plain (``:func:`~a.b``` -> ``b``). An
    entry naming several parameters (``dt, n_threads``) gives each of them its text, under
    the key ``"name*"`` (shared) so that :func:`schema_from_function` can prefer a text of
    the parameter's own."""
    return {(n if len(names) == 1 else f"{n}*"): text
            for names, _, text in _parameter_entries(function) for n in names}


def _docstring_types(function) -> dict[str, str]:
    """The type text of each parameter in ``function``'s Parameters section."""
    return {n: kind for names, kind, _ in _parameter_entries(function) for n in names}


def _plain_text(text: str) -> str:
    text = re.sub(r":[a-z]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`",
                  lambda m: m.group(1).split(".")[-1] if "~" in m.group(0) else m.group(1),
                  text)
    return re.sub(r"``([^`]*)``", r"\1", re.sub(r"\s+", " ", text)).strip()


def _default_value(value):
    """A signature default as a config value: sequences and arrays as tuples."""
    if isinstance(value, np.ndarray):
        return tuple(value.tolist())
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _inferred_checker(name: str, default, annotation, type_text: str) -> Checker:
    """A checker from what a parameter says about itself: a set of options in its
    docstring type (``{"a", "b"}``, ``sequence of {"a", "b"}``), else its default's type
    (or, for a default of None, its annotation). Raises TypeError when none says enough."""
    options = re.fullmatch(r"(sequence of |list of |tuple of )?\{([^}]*)\}(, optional)?",
                           type_text or "")
    if options:
        values = tuple(o.strip().strip("\"'") for o in options.group(2).split(","))
        return choices(*values) if options.group(1) else choice(*values)
    sample = default
    if isinstance(default, tuple) and default:
        sample = default[0]
        if all(_v.is_int(v) for v in default):
            return integers()
        if all(_v.is_real(v) for v in default):
            return numbers()
    elif default is not None:
        if isinstance(default, bool):
            return boolean
        if _v.is_int(default):
            return integer()
        if _v.is_real(default):
            return number()
        if isinstance(default, str):
            return string()
    else:
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__",
                                                                      str(annotation))
        several = re.search(r"\b(Sequence|tuple|list)\b", text)
        for kind, check in (("bool", boolean), ("int", integers() if several else integer()),
                            ("float", numbers() if several else number()),
                            ("str", string())):
            if re.search(rf"\b{kind}\b", text):
                return check
    raise TypeError(f"config key {name!r} (default {sample!r}): its type cannot be told from "
                    f"its signature; declare its checker")


def config_params(function, *, checks: Mapping[str, Checker] | None = None,
                  docs: Mapping[str, str] | None = None, skip=("progress",),
                  doc_sources=()) -> tuple[Param, ...]:
    """The config keys of ``function``'s keyword parameters, derived from it.

    Names and defaults come from ``inspect.signature(function)``; what each key accepts
    from ``checks[name]`` where given, else from the parameter itself (a set of options in
    its docstring type, the type of its default or its annotation); what it means from the
    docstring's Parameters section. A parameter documented on its own is described by its
    own text, else by ``docs[name]``, else by the text of the entry it shares
    (``dt, n_threads``). So adding a parameter to the function (with its docstring entry)
    adds the key; ``checks`` holds only what the signature cannot say (a range, a unit).

    Parameters
    ----------
    function : callable
        The experiment function.
    checks : mapping of str -> checker, optional
        Checkers by name; names the function lacks are ignored (shared tables of checks).
    docs : mapping of str -> str, optional
        Meanings of keys whose docstring entry is missing or shared with others.
    skip : sequence of str
        Parameters that are not config keys (``progress``; tables' names).
    doc_sources : sequence of callable
        Further functions whose docstrings describe the parameters, after ``function``'s
        own (e.g. the function that its ``**options`` go to; its signature should list
        them, as ``__signature__`` does for :func:`~liquidstate.experiments.run_fsdd`).
    """
    checks, docs = dict(checks or {}), dict(docs or {})
    texts: dict[str, str] = {}
    types: dict[str, str] = {}
    for source in reversed([function, *doc_sources]):      # the function's own texts win
        texts.update(docstring_parameters(source))
        types.update(_docstring_types(source))
    params = []
    for p in inspect.signature(function).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is p.empty \
                or p.name in skip:
            continue
        default = _default_value(p.default)
        check = checks.get(p.name) or _inferred_checker(p.name, default, p.annotation,
                                                        types.get(p.name, ""))
        doc = texts.get(p.name) or docs.get(p.name) or texts.get(f"{p.name}*", "")
        params.append(Param(p.name, default, check, doc))
    return tuple(params)


def schema_from_function(task: str, function, *, tables: tuple[Table, ...] = (),
                         checks: Mapping[str, Checker] | None = None,
                         docs: Mapping[str, str] | None = None,
                         doc_sources=()) -> ConfigSchema:
    """The :class:`ConfigSchema` of task ``task`` derived from ``function`` (see
    :func:`config_params`); each table's name is the parameter it makes."""
    skip = ("progress", *(t.name for t in tables))
    return ConfigSchema(task, config_params(function, checks=checks, docs=docs, skip=skip,
                                            doc_sources=doc_sources), tables)


# ============================================================================ files
def read_toml(path) -> dict:
    """Parse a TOML file; a missing file or a syntax error is a :class:`ConfigError`."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"config file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {str(path)!r} is a directory") from None
    except OSError as e:
        raise ConfigError(f"config file {str(path)!r} cannot be read: "
                          f"{e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text ({e.reason})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def load_config(schema: ConfigSchema, path=None) -> dict:
    """The validated parameters of ``schema``'s experiment from the TOML file ``path``
    (``None``: the defaults)."""
    if path is None:
        return schema.validate({})
    return schema.validate(read_toml(path), source=str(path))


# ============================================================================ shared tables
def _maass2002(**params):
    from .network.specs import Maass2002

    return Maass2002(**params)


#: What the ``[network]`` keys accept, beyond their types (the names and defaults are
#: those of :class:`~liquidstate.network.specs.Maass2002`).
MAASS2002_CHECKS = {
    "shape": integers(minimum=1, length=3),
    "input_fraction": number(low=0, high=1, low_open=True),
    "weight_scale": number(low=0),
    "lam": number(low=0, low_open=True),
    "amplitude_cv": number(low=0),
    "tm_cv": number(low=0),
    "frac_inhibitory": number(low=0, high=1),
    "noise_std": number(low=0, unit="A"),
    "input_weight_e": number(unit="A"),
    "input_weight_i": number(unit="A"),
    "i_background": number(unit="A"),
}

#: Meanings of the ``[network]`` keys that :func:`~liquidstate.network.build.maass2002`'s
#: docstring describes only together with others.
MAASS2002_DOCS = {
    "input_fraction": "fraction of the neurons each input channel projects to",
    "input_weight_e": "input amplitude onto excitatory neurons (A)",
    "input_weight_i": "input amplitude onto inhibitory neurons (A)",
    "i_background": "constant background current (A)",
}


def maass2002_table(**defaults) -> Table:
    """The ``[network]`` table of :class:`~liquidstate.network.specs.Maass2002`: its
    parameters with its defaults, except those given (e.g. ``shape=(10, 10, 10)`` for a task
    whose liquid is larger), described by :func:`~liquidstate.network.build.maass2002`'s
    docstring; an unknown name is a ``TypeError``."""
    from .network.build import maass2002
    from .network.specs import Maass2002

    params = config_params(Maass2002.__init__, checks=MAASS2002_CHECKS, docs=MAASS2002_DOCS,
                           skip=("self",), doc_sources=(maass2002,))
    names = {p.name for p in params}
    unknown = sorted(set(defaults) - names)
    if unknown:
        raise TypeError(f"maass2002_table: unknown parameter(s) {unknown}; the table has "
                        f"{sorted(names)}")
    params = tuple(Param(p.name, _plain(defaults[p.name]), p.check, p.doc)
                   if p.name in defaults else p for p in params)
    return Table("network", params, _maass2002,
                 "the liquid: a Maass 2002 column (liquidstate.network.specs.Maass2002)")


def _plain(value):
    return tuple(value) if isinstance(value, list) else value


#: The ``[network]`` table: the parameters of :class:`~liquidstate.network.specs.Maass2002`.
MAASS2002_TABLE = maass2002_table()
