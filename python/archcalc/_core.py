"""What the other modules share: the extension, errors, records, commands."""

import json
import warnings

from . import _archcalc

__version__ = _archcalc.version

Error = _archcalc.Error
Error.__module__ = "archcalc"
Error.__doc__ = (
    "Bad input: a network file, parameter or option archcalc cannot use. "
    "The message is the command line's 'file:line:col: error: what and why'."
)


class Record(dict):
    """A JSON object of archcalc's output: a dict whose keys are also attributes.

    Nested objects are Records too: ``block.totals.macs``.
    """

    def __init__(self, data=()):
        super().__init__(data)
        for key, value in self.items():
            self[key] = _records(value)

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self):
        return list(super().__dir__()) + [k for k in self if k.isidentifier()]


def _records(value):
    if isinstance(value, dict) and not isinstance(value, Record):
        return Record(value)
    if isinstance(value, list):
        return [_records(v) for v in value]
    return value


def _plain(value):
    """A Record tree back to plain dicts and lists (a deep copy)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _warn(lines):
    for line in lines:
        if line:
            warnings.warn(line, UserWarning, stacklevel=3)


def command(args):
    """Runs ``archcalc ARGS...`` in this process and returns its standard output.

    Warnings become Python warnings; an exit code of 2 raises :class:`Error`.
    """
    code, out, err = _archcalc.command([str(a) for a in args])
    lines = err.splitlines()
    if code == 2:
        raise Error("\n".join(lines))
    _warn(lines)
    return out


def command_json(args):
    """``command(args + ["--format", "json"])``, parsed."""
    return json.loads(command(list(args) + ["--format", "json"]))


def set_args(flag, values):
    """``{"width": 64}`` → ``["--set", "width=64"]``."""
    out = []
    for name, value in (values or {}).items():
        out += [flag, f"{name}={_value_text(value)}"]
    return out


def _value_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_mode(mode):
    if mode not in ("inference", "training"):
        raise ValueError(f"mode must be 'inference' or 'training', not {mode!r}")
    return mode
