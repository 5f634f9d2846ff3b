"""archcalc from Python: what a convolutional network costs, exactly.

The same analyzer as the ``archcalc`` command, in-process::

    >>> import archcalc
    >>> a = archcalc.analyze("architectures/vgg16.yaml")
    >>> a.totals.params, a.totals.macs
    (138357544, 15470264320)

* :func:`analyze` — shapes, params, MACs and memory of every layer and block;
* :func:`compare`, :func:`sweep`, :func:`run` — the ``compare``, ``sweep``
  and ``run`` commands (``sweep(..., client=...)`` spreads a grid over Dask);
* :func:`from_torch` — a PyTorch module, through ONNX, analyzed.

Input problems raise :class:`Error` (a ``ValueError``) whose message is the
command's ``file:line:col: error: ...`` line. The C++ work runs without the
GIL, so analyses in several threads run in parallel.
"""

from ._core import Error, Record, __version__
from ._analysis import Analysis, analyze
from ._commands import Comparison, RunResult, compare, run
from ._sweep import SweepResult, sweep
from ._torch import from_torch

__all__ = [
    "Analysis",
    "Comparison",
    "Error",
    "Record",
    "RunResult",
    "SweepResult",
    "analyze",
    "compare",
    "from_torch",
    "run",
    "sweep",
    "__version__",
]
