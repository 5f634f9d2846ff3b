"""archcalc.from_torch: a PyTorch module, exported to ONNX in memory, analyzed."""

import io
import warnings

from ._analysis import _run
from ._core import check_mode


def from_torch(module, input_shape, mode="inference", *, name=None, opset=13,
               allow_unknown=False):
    """Analyzes a PyTorch module: exports it to ONNX in memory and counts that.

    The export keeps every batch norm as its own layer
    (``training=torch.onnx.TrainingMode.PRESERVE`` with the module in eval
    mode, ``do_constant_folding=False``), so ``totals.params`` equals
    ``sum(p.numel() for p in module.parameters())``. Parameters the forward
    pass never uses (GoogLeNet's auxiliary classifiers in eval mode) are not in
    the export; a warning says how many. The module's train/eval flags are
    restored afterwards.

    Args:
        module: a ``torch.nn.Module``.
        input_shape: the input's shape, ``(3, 224, 224)`` or with a batch
            dimension ``(1, 3, 224, 224)``.
        mode: "inference" or "training".
        name: the model's name in messages and in the report's ``file``
            (default: the module's class name), with ``.onnx`` appended.
        opset: the ONNX opset to export.
        allow_unknown: unsupported ops become uncounted rows instead of an error.

    Returns:
        An :class:`archcalc.Analysis`. Raises archcalc.Error when the
        exported graph holds what the importer cannot count.
    """
    import torch

    check_mode(mode)
    shape = tuple(int(d) for d in input_shape)
    if len(shape) == 3:
        shape = (1,) + shape
    if len(shape) != 4:
        raise ValueError(f"input_shape must be (C, H, W) or (N, C, H, W), not {input_shape!r}")
    label = (name or type(module).__name__) + ".onnx"
    flags = [(m, m.training) for m in module.modules()]
    buffer = io.BytesIO()
    try:
        module.eval()
        with torch.no_grad():
            torch.onnx.export(module, torch.zeros(shape), buffer,
                              training=torch.onnx.TrainingMode.PRESERVE,
                              do_constant_folding=False, opset_version=int(opset))
    finally:
        for m, training in flags:
            m.training = training
    analysis = _run("onnx", buffer.getvalue(), label, [], mode, None, allow_unknown, 1)
    own = sum(p.numel() for p in module.parameters())
    counted = analysis.totals.params
    if own > counted:
        warnings.warn(f"{label}: the module has {own:,} parameters, the exported graph "
                      f"{counted:,}: the forward pass does not use {own - counted:,} of them "
                      "(an auxiliary head, a layer left out of forward)", UserWarning, stacklevel=2)
    return analysis
