"""archcalc.sweep: a network's totals over a grid of parameter values, in
one process or spread over a Dask cluster."""

import math
import os

from ._core import Record, _plain, _value_text, check_mode, command_json

# The most points one `archcalc sweep` call takes (kMaxSweepPoints).
MAX_POINTS_PER_CALL = 10000


class SweepResult:
    """The totals at every point of a grid, in the order ``archcalc sweep``
    gives them (the last parameter varying fastest).

    Attributes:
        parameters: ``[{"name": ..., "values": [...]}, ...]``, as given.
        points: one Record per point: ``parameters`` (name → value) and
            ``totals`` (params, macs, ...).
    """

    def __init__(self, doc):
        self._doc = Record(doc)

    @property
    def parameters(self):
        return self._doc["parameters"]

    @property
    def points(self):
        return self._doc["points"]

    def __len__(self):
        return len(self.points)

    def to_dict(self):
        """The ``archcalc sweep --format json`` document
        (docs/schemas/sweep.schema.json), as plain dicts and lists."""
        return _plain(self._doc)

    def to_pandas(self):
        """One row per point: the parameters, then the totals."""
        import pandas as pd

        return pd.DataFrame([{**_plain(p["parameters"]), **_plain(p["totals"])}
                             for p in self.points])

    def __repr__(self):
        names = " × ".join(f"{p['name']} ({len(p['values'])})" for p in self.parameters)
        return f"<archcalc.SweepResult {self._doc.get('model', '')}: {len(self)} points, {names}>"


def _chunks(axes, tasks):
    """Splits the grid of ``axes`` into sub-grids, in the grid's order: the
    first k axes fixed to one value each (k as small as gives at least
    ``tasks`` sub-grids of at most MAX_POINTS_PER_CALL points), the others whole.
    Returns (prefix indices, sub-grid axes) pairs."""
    sizes = [len(values) for _, values in axes]
    k = 0
    while k < len(axes) and (math.prod(sizes[:k]) < tasks
                             or math.prod(sizes[k:]) > MAX_POINTS_PER_CALL):
        k += 1
    out = []
    for flat in range(math.prod(sizes[:k])):
        prefix, rest = [], flat
        for size in reversed(sizes[:k]):
            prefix.append(rest % size)
            rest //= size
        prefix.reverse()
        sub = [(name, [values[i]]) for (name, values), i in zip(axes[:k], prefix)]
        out.append((tuple(prefix), sub + list(axes[k:])))
    return out


def sweep_chunk(path, axes, mode):
    """One ``archcalc sweep`` call: the JSON document of the grid ``axes``."""
    args = ["sweep", path, "--mode", mode]
    for name, values in axes:
        args += ["--set", f"{name}={','.join(values)}"]
    return command_json(args)


def _merge(axes, chunks, docs):
    """The document a single call over the whole grid would give."""
    merged = dict(docs[0])
    parameters = []
    for i, (name, values) in enumerate(axes):
        fixed = [doc["parameters"][i]["values"][0] for (prefix, _), doc in zip(chunks, docs)
                 if i < len(prefix) and all(p == 0 for j, p in enumerate(prefix) if j != i)]
        parameters.append({"name": name,
                           "values": fixed if fixed else docs[0]["parameters"][i]["values"]})
    merged["parameters"] = parameters
    merged["points"] = [p for doc in docs for p in doc["points"]]
    return merged


def sweep(path, grid, mode="inference", *, client=None, tasks=None):
    """A network's totals at every point of a parameter grid, as
    ``archcalc sweep FILE --set NAME=V1,V2 ...``.

    Args:
        path: the network file; with a Dask client, every worker must be able
            to read it at this path (a local cluster, or a shared file system).
        grid: ``{"width": [32, 64], "depth": [2, 3]}``: the values of each
            top-level parameter; the last varies fastest.
        mode: "inference" or "training".
        client: a ``dask.distributed.Client``: the grid is cut into sub-grids
            (see ``tasks``) that the cluster's workers analyze; the result
            equals the single-process sweep's.
        tasks: how many sub-grids to cut the grid into at least (default:
            4 per worker with a client, else 1). Grids of more than 10,000
            points are always cut into sub-grids of at most 10,000.

    Returns:
        A :class:`SweepResult`. Raises archcalc.Error on bad input (the
        message names the point that failed).
    """
    check_mode(mode)
    path = os.fspath(path)
    if not grid:
        raise ValueError("the grid is empty: give at least one parameter and its values")
    axes = []
    for name, values in grid.items():
        values = [_value_text(v) for v in (values if isinstance(values, (list, tuple, range))
                                           else [values])]
        if not values:
            raise ValueError(f"parameter {name!r} has no values")
        axes.append((str(name), values))
    if tasks is None:
        tasks = 4 * len(client.scheduler_info()["workers"]) if client is not None else 1
    chunks = _chunks(axes, max(1, int(tasks)))
    if client is None:
        docs = [sweep_chunk(path, sub, mode) for _, sub in chunks]
    else:
        futures = client.map(sweep_chunk, [path] * len(chunks), [sub for _, sub in chunks],
                             [mode] * len(chunks), pure=False)
        docs = client.gather(futures)
    return SweepResult(_merge(axes, chunks, docs))
