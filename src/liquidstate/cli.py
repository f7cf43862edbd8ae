"""The ``liquidstate`` command: argument parsing only; the work is done by library functions."""

from __future__ import annotations

import argparse
import sys

from . import _validation as _v

__all__ = ["main", "build_parser"]

_DESCRIPTION = """\
liquidstate: Liquid State Machines in Python.

A liquid is a recurrent column of spiking (leaky integrate-and-fire) neurons with dynamic
synapses, as in Maass, Natschlaeger & Markram (2002); input spike trains perturb it, and
readouts learn from its activity. This command runs ready-made experiments."""

_EPILOG = """\
examples:
  liquidstate demo --out demo_out
  liquidstate demo --out demo_out --shape 15 3 3 --runs 1000 --seeds 3 --seed 1
  liquidstate run templates --config examples/configs/templates10.toml --out runs/t10
  liquidstate run fsdd --data DIR --out runs/fsdd     (spoken digits)
  liquidstate run --help          (the tasks and every key of their configs)

Run 'liquidstate COMMAND --help' for the options of a command."""

_RUN_DESCRIPTION = """\
Run a benchmark task: every parameter comes from the TOML file given with --config (keys left
out keep their defaults, listed below), the liquid and its no-liquid control are evaluated,
and OUT/results.json (parameters, seed, metrics with mean and SD over the liquid seeds, the
control beside the liquid, timings, the liquidstate version) is written next to the plots.
A config with an unknown key or a bad value is refused before any work, naming the key.
The speech tasks take their recordings from --data DIR (fsdd, speech) and their test set
from --test-speakers A,B or --test-fraction F (speech); these options override the config.
Documented example configs: examples/configs/."""


def _option_type(parse, check, **kwargs):
    """An argparse type: ``parse`` the text (int or float), then ``check`` it with the
    package's rules (:mod:`liquidstate._validation`); its message, less the argument's name,
    becomes argparse's ("argument --runs: must be a positive int, got 0")."""
    def convert(text: str):
        try:
            value = parse(text)
        except ValueError:
            kind = "an integer" if parse is int else "a number"
            raise argparse.ArgumentTypeError(f"must be {kind}, got {text!r}") from None
        try:
            return check(value, "\0", **kwargs)
        except (TypeError, ValueError) as e:
            raise argparse.ArgumentTypeError(str(e).replace("\0 ", "", 1)) from None
    return convert


_positive_int = _option_type(int, _v.positive_int)
_non_negative_int = _option_type(int, _v.nonnegative_int)
_non_negative_float = _option_type(float, _v.nonnegative_float)
_fraction = _option_type(float, _v.open_fraction)


def _names(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",")]
    if not text.strip() or not all(names):
        raise argparse.ArgumentTypeError(f"must be comma-separated names (A,B), got {text!r}")
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"names must be different, got {text!r}")
    return names


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``liquidstate`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="liquidstate", description=_DESCRIPTION, epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"liquidstate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    demo = sub.add_parser(
        "demo", help="the main job: a template benchmark where the liquid matters",
        description="Classify 10 jittered Poisson spike templates (Maass 2002) from the "
                    "state of a 1,000-neuron liquid at the end of each run, beside the same "
                    "readout on the input alone (the control); print accuracies with 95% "
                    "intervals over several liquids and the liquid's firing statistics, and "
                    "write OUT/raster.png, OUT/states.png, OUT/accuracy.png and OUT/demo.json.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    demo.add_argument("--out", default="liquidstate_demo", metavar="DIR",
                      help="output directory (created if missing)")
    demo.add_argument("--seed", type=_non_negative_int, default=0, metavar="N",
                      help="data seed; the liquids are seeds N, N+1, ...")
    demo.add_argument("--templates", type=_positive_int, default=10, metavar="N",
                      help="number of spike templates (classes)")
    demo.add_argument("--runs", type=_positive_int, default=500, metavar="N",
                      help="number of jittered runs (65%% train, 35%% test)")
    demo.add_argument("--seeds", type=_positive_int, default=5, metavar="N",
                      help="number of liquids (seeds) to average over")
    demo.add_argument("--jitter", type=_non_negative_float, default=8e-3, metavar="S",
                      help="SD of the Gaussian spike jitter in seconds")
    demo.add_argument("--shape", type=_positive_int, nargs=3, default=[10, 10, 10],
                      metavar=("X", "Y", "Z"), help="grid shape of the Maass column")
    demo.add_argument("--no-progress", action="store_true", help="hide the progress bars")
    demo.set_defaults(handler=_demo, command_parser=demo)

    from .experiments.runner import TASKS

    run = sub.add_parser(
        "run", help=f"run a benchmark task ({', '.join(TASKS)}) from a TOML config; write "
                    "results.json and plots",
        description=_RUN_DESCRIPTION, epilog=_run_epilog(TASKS),
        formatter_class=argparse.RawDescriptionHelpFormatter, add_help=False)
    run.add_argument("-h", "--help", action=_RunHelp, nargs=0,
                     help="show this help (every task), or with TASK that task's keys only, "
                          "and exit")
    run.add_argument("task", choices=list(TASKS), metavar="TASK",
                     help=f"the task to run: {', '.join(TASKS)} (described below)")
    run.add_argument("--config", metavar="FILE.toml",
                     help="TOML file of the task's parameters (default: the defaults below)")
    run.add_argument("--out", metavar="DIR",
                     help="output directory for results.json and the plots, created if "
                          "missing (default: liquidstate_TASK)")
    run.add_argument("--seed", type=_non_negative_int, metavar="N",
                     help="one seed for the whole run, replacing the config's seeds (what it "
                          "sets per task is listed below)")
    run.add_argument("--data", metavar="DIR",
                     help="the recordings, for the tasks fsdd and speech (the config key "
                          "'path'): fsdd: FSDD's folder (default: $LIQUIDSTATE_FSDD, else the "
                          "user cache, downloaded on first use); speech: a folder of labelled "
                          "recordings (required)")
    split = run.add_mutually_exclusive_group()
    split.add_argument("--test-speakers", type=_names, metavar="A,B",
                       help="speech: test on these speakers (comma-separated), train on the "
                            "others")
    split.add_argument("--test-fraction", type=_fraction, metavar="F",
                       help="speech: test on a stratified random fraction F of each label's "
                            "recordings (default 0.2)")
    run.add_argument("--no-progress", action="store_true", help="hide the progress bars")
    run.add_argument("--print-config", action="store_true",
                     help="print a config file of the task's keys at their defaults, each "
                          "with its meaning, and exit (a starting point for --config)")
    run.set_defaults(handler=_run, command_parser=run)
    return parser


class _RunHelp(argparse.Action):
    """``--help`` of ``liquidstate run``: every task, or only TASK's when it precedes."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .experiments.runner import TASKS

        task = TASKS.get(getattr(namespace, "task", None))
        if task is None:
            parser.print_help()
        else:
            print(parser.format_usage().replace("TASK", task.name, 1).rstrip())
            print()
            print(_task_help(task))
        parser.exit()


def _task_help(task) -> str:
    """A task's summary, what --seed sets and its config keys (defaults and meanings)."""
    import textwrap

    return "\n".join([
        textwrap.fill(f"{task.name}: {task.summary}.", width=92, initial_indent="  ",
                      subsequent_indent="    "),
        textwrap.fill(f"--seed N sets {task.seed_doc}.", width=92, initial_indent="    ",
                      subsequent_indent="    "),
        "    config keys (default: meaning):",
        textwrap.indent(task.schema.describe(width=88), "    ")])


def _run_epilog(tasks) -> str:
    parts = ["tasks:"]
    parts += [_task_help(task) for task in tasks.values()]
    parts.append("")
    parts.append("Run 'liquidstate run TASK --help' for one task's keys.")
    parts.append("")
    parts.append("examples:")
    parts.append("  liquidstate run templates --config examples/configs/templates10.toml "
                 "--out runs/t10")
    parts.append("  liquidstate run segments --config examples/configs/segments.toml "
                 "--out runs/segments")
    parts.append("  liquidstate run multitask --config examples/configs/multitask.toml "
                 "--out runs/multitask")
    parts.append("  liquidstate run separation --config examples/configs/separation.toml "
                 "--out runs/separation")
    parts.append("  liquidstate run fsdd --data /path/to/free-spoken-digit-dataset --out runs/fsdd")
    parts.append("  liquidstate run speech --data my_words/ --test-speakers ann,bob "
                 "--config examples/configs/speech.toml --out runs/words")
    parts.append("  liquidstate run templates --seed 7 --no-progress")
    return "\n".join(parts)


# The run options that set a config key of some tasks: option -> (attribute, key).
_RUN_KEYS = {"--data": ("data", "path"), "--test-speakers": ("test_speakers", "test_speakers"),
             "--test-fraction": ("test_fraction", "test_fraction")}


def _run_overrides(args, parser: argparse.ArgumentParser) -> dict:
    """The config keys set by the run options; an option the task lacks is an error."""
    from .experiments.runner import TASKS

    keys = set(TASKS[args.task].schema.keys())
    overrides = {}
    for option, (attribute, key) in _RUN_KEYS.items():
        value = getattr(args, attribute)
        if value is None:
            continue
        if key not in keys:
            takers = [t for t, spec in TASKS.items() if key in spec.schema.keys()]
            parser.error(f"argument {option}: task {args.task!r} takes no {option}; it is for "
                         f"the task{'s' if len(takers) > 1 else ''} {', '.join(takers)}")
        overrides[key] = value
    # --test-speakers and --test-fraction exclude each other, also against the config's
    if args.test_speakers is not None:
        overrides["test_fraction"] = None
    elif args.test_fraction is not None:
        overrides["test_speakers"] = None
    return overrides


def _run(args, parser: argparse.ArgumentParser) -> int:
    from .config import ConfigError
    from .experiments.runner import run_task

    if args.print_config:
        from .experiments.runner import TASKS

        print(TASKS[args.task].schema.to_toml(), end="")
        return 0
    overrides = _run_overrides(args, parser)
    try:
        run_task(args.task, config=args.config, out=args.out, seed=args.seed,
                 progress=not args.no_progress, overrides=overrides)
    except ConfigError as e:
        parser.error(str(e))
    except (ValueError, TypeError) as e:
        parser.error(_argument_message(str(e)))
    except (ImportError, OSError) as e:
        print(f"liquidstate run: error: {e}", file=sys.stderr)
        return 1
    return 0


def _demo(args, parser: argparse.ArgumentParser) -> int:
    from .experiments.demo import run_demo

    try:
        run_demo(args.out, seed=args.seed, n_templates=args.templates, n_runs=args.runs,
                 n_seeds=args.seeds, jitter=args.jitter, shape=tuple(args.shape),
                 progress=not args.no_progress)
    except (ValueError, TypeError) as e:
        parser.error(_argument_message(str(e)))
    except ImportError as e:
        print(f"liquidstate demo: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"liquidstate demo: error: {e}", file=sys.stderr)
        return 1
    return 0


_OPTION_NAMES = {"out": "--out", "n_templates": "--templates", "n_runs": "--runs",
                 "n_seeds": "--seeds", "jitter": "--jitter", "shape": "--shape",
                 "seed": "--seed", "path": "--data", "test_speakers": "--test-speakers",
                 "test_fraction": "--test-fraction"}


def _argument_message(message: str) -> str:
    """Name the command-line option in a library error message ('n_samples' -> '--samples')."""
    head = message.split(" ", 1)[0].rstrip(":")
    if head in _OPTION_NAMES:
        return f"argument {_OPTION_NAMES[head]}: {message}"
    return message


def main(argv=None) -> int:
    """Run the ``liquidstate`` command with ``argv`` (default ``sys.argv[1:]``).

    Returns the exit status: 0 on success, 2 for bad arguments or no command (with a message
    on stderr), 1 when the work itself fails.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    return int(args.handler(args, args.command_parser) or 0)


if __name__ == "__main__":
    sys.exit(main())
