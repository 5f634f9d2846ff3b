"""archcalc.compare and archcalc.run: the commands, their JSON as objects."""

import os

from ._core import Record, _plain, check_mode, command, command_json, set_args


class _Document:
    """A command's JSON document, its fields also attributes."""

    def __init__(self, doc, text_args):
        self._doc = Record(doc)
        self._text_args = text_args
        self._text = None

    def __getattr__(self, name):
        doc = self.__dict__.get("_doc", {})
        if name in doc:
            return doc[name]
        raise AttributeError(name)

    def to_dict(self):
        """The command's ``--format json`` document, as plain dicts and lists."""
        return _plain(self._doc)

    @property
    def table(self):
        """The text table the command prints (computed again on first use)."""
        if self._text is None:
            self._text = command(self._text_args)
        return self._text

    def __str__(self):
        return self.table


class Comparison(_Document):
    """``archcalc compare A B``: ``totals`` maps each figure to a Record of
    a, b, difference and ratio; ``layers`` pairs the layers; ``to_dict()`` is
    the ``--format json`` document (docs/schemas/compare.schema.json)."""

    def __repr__(self):
        return (f"<archcalc.Comparison {self.a.label} vs {self.b.label}: "
                f"MACs {self.totals.macs.a:,} vs {self.totals.macs.b:,}>")


class RunResult(_Document):
    """``archcalc run``: measured per-layer times; ``to_dict()`` is the
    ``--format json`` document (docs/schemas/run.schema.json)."""

    def __repr__(self):
        return f"<archcalc.RunResult {self._doc.get('model', '')}>"

    def to_pandas(self):
        """The measured layers as a pandas DataFrame, indexed by name."""
        import pandas as pd

        rows = []
        for layer in self.to_dict().get("layers", []):
            row = {k: v for k, v in layer.items() if not isinstance(v, (dict, list))}
            for k, v in layer.items():
                if isinstance(v, dict):
                    row.update({f"{k}_{kk}": vv for kk, vv in v.items()
                                if not isinstance(vv, (dict, list))})
            rows.append(row)
        frame = pd.DataFrame(rows)
        return frame.set_index("name") if "name" in frame else frame


def compare(a, b, set=None, set_a=None, set_b=None, mode="inference", depth=None):
    """Compares two networks or blocks, as ``archcalc compare A B``.

    Args:
        a, b: network files, or ``"FILE#BLOCK"`` for one block instance.
        set: parameters for every side whose file declares them (``--set``).
        set_a, set_b: parameters for one side only (``--set-a``, ``--set-b``).
        mode: "inference" or "training".
        depth: fold blocks nested deeper than this below each side.

    Returns:
        A :class:`Comparison`. Raises archcalc.Error on bad input.
    """
    args = ["compare", os.fspath(a), os.fspath(b), "--mode", check_mode(mode)]
    args += set_args("--set", set) + set_args("--set-a", set_a) + set_args("--set-b", set_b)
    if depth is not None:
        args += ["--depth", str(int(depth))]
    return Comparison(command_json(args), args)


def run(path, backend=None, threads=None, batch=1, repeat=None, warmup=None, seed=None,
        set=None):
    """Runs a network through a backend's kernels and times every layer, as
    ``archcalc run``.

    Args:
        path: the network file.
        backend: "reference", "gemm" or "onednn" (``--backend``; default: the
            command's, reference).
        threads: worker threads (``--threads``; default: the command's).
        batch: batch size.
        repeat, warmup, seed: timed passes, warm-up passes, the weights' seed.
        set: top-level parameters to override.

    Returns:
        A :class:`RunResult`. Raises archcalc.Error on bad input.
    """
    args = ["run", os.fspath(path), "--batch", str(int(batch))]
    for flag, value in (("--backend", backend), ("--threads", threads), ("--repeat", repeat), ("--warmup", warmup),
                        ("--seed", seed)):
        if value is not None:
            args += [flag, str(value) if flag == "--backend" else str(int(value))]
    args += set_args("--set", set)
    return RunResult(command_json(args), args)
