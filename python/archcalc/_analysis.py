"""archcalc.analyze: one network's analysis as Python objects."""

import html
import json
import os

from . import _archcalc
from ._core import Record, _plain, _warn, check_mode

_NETWORK_SUFFIXES = (".yaml", ".yml", ".prototxt", ".onnx")


class Analysis:
    """The analysis of one network: what ``archcalc analyze`` reports.

    Attributes:
        totals: a :class:`Record` with params, weights, bias, bn_params,
            buffers, macs, flops, other_ops, activation_elements,
            activation_bytes, weight_bytes, layers and weighted_layers.
        layers: one Record per layer, with the fields of the JSON's ``layers``.
        blocks: one Record per block instance, as the JSON's ``blocks``.
        table: the text table ``archcalc analyze`` prints.
    """

    def __init__(self, core):
        self._json = core.json
        self._doc = Record(json.loads(core.json))
        self.table = core.table
        self._markdown = core.markdown

    @property
    def model(self):
        """The network's name."""
        return self._doc["model"]

    @property
    def totals(self):
        return self._doc["totals"]

    @property
    def layers(self):
        return self._doc["layers"]

    @property
    def blocks(self):
        return self._doc["blocks"]

    @property
    def peak_memory(self):
        """Peak activation memory, without and with in-place activations."""
        return self._doc["peak_memory"]

    def to_dict(self):
        """The ``archcalc analyze --format json`` document (schema
        docs/schemas/analysis.schema.json), as plain dicts and lists."""
        return json.loads(self._json)

    def to_json(self, indent=2):
        """The document as ``archcalc analyze --format json`` prints it."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False) + "\n"

    def to_pandas(self, what="layers"):
        """A pandas DataFrame of the layers (``what="layers"``) or of the
        blocks (``"blocks"``, their totals as columns), indexed by name.

        Shapes are tuples; receptive fields are left out (see ``to_dict()``).
        Raises ImportError when pandas is not installed.
        """
        import pandas as pd

        if what == "layers":
            rows = [_layer_row(l) for l in self.layers]
        elif what == "blocks":
            rows = [_block_row(b) for b in self.blocks]
        else:
            raise ValueError(f"what must be 'layers' or 'blocks', not {what!r}")
        frame = pd.DataFrame(rows)
        if not frame.empty:
            frame = frame.set_index("name")
        return frame

    def __repr__(self):
        t = self.totals
        return (f"<archcalc.Analysis {self.model}: {t.params:,} params, "
                f"{t.macs:,} MACs, {self._doc['mode']}>")

    def __str__(self):
        return self.table

    def _repr_html_(self):
        return markdown_tables_html(self._markdown)


def _layer_row(layer):
    row = {k: v for k, v in _plain(layer).items() if k != "receptive_field"}
    row["output_shape"] = tuple(row["output_shape"])
    row["inputs"] = tuple(row.get("inputs", ()))
    return row


def _block_row(block):
    plain = _plain(block)
    row = {k: v for k, v in plain.items() if k not in ("receptive_field", "totals")}
    row["output_shape"] = tuple(row["output_shape"])
    row.update(plain["totals"])
    return row


def markdown_tables_html(markdown):
    """The report's title and its tables (totals, layers) as HTML."""
    parts, table = [], []

    def flush():
        if table:
            parts.append(_table_html(table))
            table.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            table.append(line)
            continue
        flush()
        if line.startswith("# "):
            parts.append(f"<b>{html.escape(line[2:])}</b>")
    flush()
    return "<div>" + "\n".join(parts) + "</div>"


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table_html(lines):
    head = _cells(lines[0])
    aligns = ["right" if c.endswith(":") else "left" for c in _cells(lines[1])]
    out = ["<table>", "<tr>" + "".join(
        f'<th style="text-align:{a}">{html.escape(h)}</th>' for h, a in zip(head, aligns)) + "</tr>"]
    for line in lines[2:]:
        cells = []
        for c, a in zip(_cells(line), aligns):
            bold = c.startswith("**") and c.endswith("**") and len(c) > 4
            text = html.escape(c[2:-2] if bold else c)
            cells.append(f'<td style="text-align:{a}">{"<b>" + text + "</b>" if bold else text}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _is_path(source):
    if isinstance(source, os.PathLike):
        return True
    if "\n" in source:
        return False
    return os.path.exists(source) or source.lower().endswith(_NETWORK_SUFFIXES)


def analyze(source, set=None, mode="inference", *, depth=None, allow_unknown=False,
            html_depth=1):
    """Analyzes a network, as ``archcalc analyze`` does.

    Args:
        source: a network file (.yaml, .prototxt or .onnx; a str or os.PathLike),
            or the YAML text of one (any str holding a newline).
        set: top-level parameters to override, ``{"width": 64}`` (``--set``).
        mode: "inference", or "training" to include training-only layers.
        depth: fold blocks nested deeper than this in ``table`` (``--depth``).
        allow_unknown: ONNX: unsupported ops become uncounted rows instead of an error.
        html_depth: the block depth the notebook table (``_repr_html_``) opens to.

    Returns:
        An :class:`Analysis`.

    Raises:
        archcalc.Error: the file cannot be read or is not a valid network; the
            message is ``file:line:col: error: what and why``.
    """
    check_mode(mode)
    sets = [(str(k), _value(v)) for k, v in (set or {}).items()]
    if _is_path(source):
        kind, data, label = "path", os.fsencode(source), os.fspath(source)
    elif isinstance(source, str):
        kind, data, label = "text", source.encode(), "<string>"
    else:
        raise TypeError(f"source must be a path or YAML text, not {type(source).__name__}")
    return _run(kind, data, label, sets, mode, depth, allow_unknown, html_depth)


def _value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _run(kind, data, label, sets, mode, depth, allow_unknown, html_depth):
    core = _archcalc.analyze(kind, data, label, sets, mode == "training", allow_unknown,
                             -1 if depth is None else int(depth), int(html_depth))
    _warn(core.warnings)
    return Analysis(core)
