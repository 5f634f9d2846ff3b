#!/usr/bin/python3
"""Writes the small ONNX models the import tests read (tests/test_import_onnx.cpp).

Run from this directory with Debian's python3-onnx: /usr/bin/python3 gen_onnx.py. The .onnx files it writes are
committed, so the tests never need Python. Weights are zeros: only shapes matter.
"""
import math

import onnx
from onnx import TensorProto, helper

OPSET = [helper.make_opsetid("", 13)]


def weight(name, *dims):
    return helper.make_tensor(name, TensorProto.FLOAT, list(dims), [0.0] * math.prod(dims))


def tensor(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def save(graph, path):
    model = helper.make_model(graph, opset_imports=OPSET, producer_name="gen_onnx.py")
    onnx.checker.check_model(model)
    onnx.save(model, path)


def tiny_cnn(with_initializers):
    """conv 3x3 (bias) → batch norm → relu → maxpool 2/2 → conv 3x3/2 SAME_UPPER (no bias)
    → relu → global average pool → flatten → gemm (transB) → softmax."""
    weights = [
        weight("c1.w", 8, 3, 3, 3), weight("c1.b", 8),
        weight("bn.scale", 8), weight("bn.bias", 8), weight("bn.mean", 8), weight("bn.var", 8),
        weight("c2.w", 16, 8, 3, 3),
        weight("fc.w", 10, 16), weight("fc.b", 10),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "c1.w", "c1.b"], ["c1"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn.scale", "bn.bias", "bn.mean", "bn.var"],
                         ["bn"], name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["bn"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Conv", ["p1", "c2.w"], ["c2"], name="conv2", kernel_shape=[3, 3],
                         strides=[2, 2], auto_pad="SAME_UPPER"),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["r2"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], ["logits"], name="fc", transB=1),
        helper.make_node("Softmax", ["logits"], ["prob"], name="prob", axis=1),
    ]
    inputs = [tensor("x", ["batch", 3, 32, 32])]
    if not with_initializers:  # parameters as graph inputs, no values: shapes only
        inputs += [tensor(w.name, list(w.dims)) for w in weights]
        weights = []
    graph = helper.make_graph(nodes, "tiny_cnn", inputs, [tensor("prob", ["batch", 10])],
                              initializer=weights)
    return graph


def branches():
    """Two branches joined by Concat and Add, LRN, average pool with ceil, a
    MatMul + Add bias pair, a Reshape to [N, -1], and the activations."""
    weights = [
        weight("a.w", 4, 2, 1, 1), weight("b.w", 4, 2, 3, 3), weight("b.b", 4),
        weight("d.w", 8, 8, 1, 1), weight("mm.w", 8 * 3 * 3, 5), weight("mm.b", 5),
        helper.make_tensor("flat_shape", TensorProto.INT64, [2], [0, -1]),
        helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
        helper.make_tensor("six", TensorProto.FLOAT, [], [6.0]),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "a.w"], ["a"], name="branch_a", kernel_shape=[1, 1]),
        helper.make_node("Conv", ["x", "b.w", "b.b"], ["b"], name="branch_b",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("LeakyRelu", ["a"], ["a_act"], name="leaky", alpha=0.1),
        helper.make_node("Clip", ["b", "zero", "six"], ["b_act"], name="relu6"),
        helper.make_node("Concat", ["a_act", "b_act"], ["cat"], name="concat", axis=1),
        helper.make_node("LRN", ["cat"], ["lrn"], name="lrn", size=3, alpha=1e-4, beta=0.75,
                         bias=2.0),
        helper.make_node("Conv", ["lrn", "d.w"], ["d"], name="proj", kernel_shape=[1, 1]),
        helper.make_node("Add", ["d", "lrn"], ["sum"], name="residual"),
        helper.make_node("Sigmoid", ["sum"], ["sig"], name="sigmoid"),
        helper.make_node("AveragePool", ["sig"], ["avg"], name="avgpool", kernel_shape=[3, 3],
                         strides=[3, 3], ceil_mode=1),
        helper.make_node("Reshape", ["avg", "flat_shape"], ["flat"], name="reshape"),
        helper.make_node("MatMul", ["flat", "mm.w"], ["mm"], name="matmul"),
        helper.make_node("Add", ["mm", "mm.b"], ["mm_b"], name="matmul_bias"),
        helper.make_node("Tanh", ["mm_b"], ["t"], name="tanh"),
        helper.make_node("Dropout", ["t"], ["out"], name="drop"),
    ]
    return helper.make_graph(nodes, "branches", [tensor("x", [1, 2, 8, 8])],
                             [tensor("out", [1, 5])], initializer=weights)


def unknown_op():
    """A conv, then an op archcalc does not count (Erf), then a conv."""
    weights = [weight("c1.w", 4, 3, 3, 3), weight("c2.w", 2, 4, 1, 1)]
    nodes = [
        helper.make_node("Conv", ["x", "c1.w"], ["c1"], name="conv1", kernel_shape=[3, 3]),
        helper.make_node("Erf", ["c1"], ["hs"], name="erf"),
        helper.make_node("Conv", ["hs", "c2.w"], ["c2"], name="conv2", kernel_shape=[1, 1]),
    ]
    return helper.make_graph(nodes, "unknown_op", [tensor("x", [1, 3, 10, 10])],
                             [tensor("c2", [1, 2, 8, 8])], initializer=weights,
                             value_info=[tensor("hs", [1, 4, 8, 8])])


def ints(name, values, dims=None):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)] if dims is None else dims,
                              values)


def scalar(name, value):
    return helper.make_node("Constant", [], [name],
                            value=helper.make_tensor(name + "_v", TensorProto.FLOAT, [], [value]))


def transformer_ops():
    """A conv stem, a shape-only subgraph to a Reshape target, a class token and
    a position embedding (learned tensors), a decomposed layer norm and GELU,
    linear layers as MatMul + Add, a scaled self-attention (MatMul of two
    activations, Softmax on the last axis) and the class token picked by Gather."""
    weights = [
        weight("stem.w", 4, 3, 2, 2), weight("stem.b", 4, 1, 1),
        weight("cls", 1, 1, 4), weight("pos", 1, 17, 4),
        weight("ln.g", 4), weight("ln.b", 4),
        weight("fc1.w", 4, 8), weight("fc1.b", 8), weight("fc2.w", 8, 4),
        weight("head.w", 2, 4), weight("head.b", 2),
        ints("minus_one", [-1]), ints("zero_axis", [0]), ints("zero", [0], dims=[]),
        ints("one", [1], dims=[]),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "stem.w"], ["stem"], name="stem", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Add", ["stem", "stem.b"], ["stem_b"], name="stem_bias"),
        helper.make_node("Shape", ["stem_b"], ["s"], name="shape"),
        helper.make_node("Gather", ["s", "zero"], ["n"], name="batch", axis=0),
        helper.make_node("Gather", ["s", "one"], ["c"], name="channels", axis=0),
        helper.make_node("Unsqueeze", ["n", "zero_axis"], ["n1"], name="n1"),
        helper.make_node("Unsqueeze", ["c", "zero_axis"], ["c1"], name="c1"),
        helper.make_node("Concat", ["n1", "c1", "minus_one"], ["target"], name="target", axis=0),
        helper.make_node("Reshape", ["stem_b", "target"], ["tokens_t"], name="to_tokens"),
        helper.make_node("Transpose", ["tokens_t"], ["tokens"], name="tokens", perm=[0, 2, 1]),
        helper.make_node("Concat", ["cls", "tokens"], ["with_cls"], name="cat_cls", axis=1),
        helper.make_node("Add", ["with_cls", "pos"], ["embedded"], name="pos_embed"),
        # layer norm over the last axis, as PyTorch's exporter writes it (opset 13)
        helper.make_node("ReduceMean", ["embedded"], ["mu"], name="ln_mean", axes=[-1]),
        helper.make_node("Sub", ["embedded", "mu"], ["xc"], name="ln_sub"),
        scalar("two", 2.0),
        helper.make_node("Pow", ["xc", "two"], ["sq"], name="ln_pow"),
        helper.make_node("ReduceMean", ["sq"], ["var"], name="ln_var", axes=[-1]),
        scalar("eps", 1e-6),
        helper.make_node("Add", ["var", "eps"], ["var_eps"], name="ln_add"),
        helper.make_node("Sqrt", ["var_eps"], ["std"], name="ln_sqrt"),
        helper.make_node("Div", ["xc", "std"], ["normed"], name="ln_div"),
        helper.make_node("Mul", ["normed", "ln.g"], ["scaled"], name="ln_mul"),
        helper.make_node("Add", ["scaled", "ln.b"], ["ln"], name="ln"),
        helper.make_node("MatMul", ["ln", "fc1.w"], ["h1"], name="fc1"),
        helper.make_node("Add", ["h1", "fc1.b"], ["h1b"], name="fc1_bias"),
        # GELU with erf
        scalar("sqrt2", 1.4142135381698608),
        helper.make_node("Div", ["h1b", "sqrt2"], ["g0"], name="gelu_div"),
        helper.make_node("Erf", ["g0"], ["g1"], name="gelu_erf"),
        scalar("one_f", 1.0),
        helper.make_node("Add", ["g1", "one_f"], ["g2"], name="gelu_add"),
        helper.make_node("Mul", ["h1b", "g2"], ["g3"], name="gelu_mul"),
        scalar("half", 0.5),
        helper.make_node("Mul", ["g3", "half"], ["gelu"], name="gelu"),
        helper.make_node("MatMul", ["gelu", "fc2.w"], ["h"], name="fc2"),
        helper.make_node("Mul", ["h", "half"], ["q"], name="q_scale"),
        helper.make_node("Transpose", ["h"], ["kt"], name="k_t", perm=[0, 2, 1]),
        helper.make_node("MatMul", ["q", "kt"], ["scores"], name="qk"),
        helper.make_node("Softmax", ["scores"], ["attn"], name="softmax", axis=-1),
        helper.make_node("MatMul", ["attn", "h"], ["mixed"], name="av"),
        helper.make_node("Gather", ["mixed", "zero"], ["cls_out"], name="pick_cls", axis=1),
        helper.make_node("Gemm", ["cls_out", "head.w", "head.b"], ["logits"], name="head",
                         transB=1),
    ]
    return helper.make_graph(nodes, "transformer_ops", [tensor("x", [1, 3, 8, 8])],
                             [tensor("logits", [1, 2])], initializer=weights)


def opset_variants(opset):
    """Pad (pads as an input from opset 11) into an average pool, Split (sizes
    an attribute before opset 13, an input from 13), ReduceMean (axes an input
    from opset 18), then a conv, a concat and a classifier."""
    weights = [weight("c.w", 2, 3, 1, 1), weight("fc.w", 5, 3), weight("fc.b", 5),
               ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])]
    split = [helper.make_node("Split", ["p"], ["a", "b"], name="split", axis=1, split=[1, 3])]
    if opset >= 13:
        weights.append(ints("sizes", [1, 3]))
        split = [helper.make_node("Split", ["p", "sizes"], ["a", "b"], name="split", axis=1)]
    mean = [helper.make_node("ReduceMean", ["cat"], ["m"], name="mean", axes=[2, 3], keepdims=0)]
    if opset >= 18:
        weights.append(ints("axes", [2, 3]))
        mean = [helper.make_node("ReduceMean", ["cat", "axes"], ["m"], name="mean", keepdims=0)]
    nodes = [
        helper.make_node("Pad", ["x", "pads"], ["xp"], name="pad"),
        helper.make_node("AveragePool", ["xp"], ["p"], name="pool", kernel_shape=[3, 3]),
        *split,
        helper.make_node("Conv", ["b", "c.w"], ["cb"], name="conv", kernel_shape=[1, 1]),
        helper.make_node("Concat", ["a", "cb"], ["cat"], name="concat", axis=1),
        *mean,
        helper.make_node("Gemm", ["m", "fc.w", "fc.b"], ["y"], name="fc", transB=1),
    ]
    graph = helper.make_graph(nodes, "opset_variants", [tensor("x", [1, 4, 6, 6])],
                              [tensor("y", [1, 5])], initializer=weights)
    return graph, opset


def bad_weight():
    """An fc whose weight does not fit its input (144 features, weight [10, 100])."""
    weights = [weight("c.w", 4, 3, 3, 3), weight("fc.w", 10, 100)]
    nodes = [
        helper.make_node("Conv", ["x", "c.w"], ["c"], name="conv", kernel_shape=[3, 3]),
        helper.make_node("Flatten", ["c"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.w"], ["y"], name="fc", transB=1),
    ]
    return helper.make_graph(nodes, "bad_weight", [tensor("x", [1, 3, 8, 8])],
                             [tensor("y", [1, 10])], initializer=weights)


def unknown_two_inputs():
    """An op neither archcalc nor ONNX knows (a domain of its own, so ONNX's shape
    inference cannot give its output either) with two activation inputs and no
    declared output shape."""
    weights = [weight("c.w", 4, 3, 1, 1)]
    nodes = [
        helper.make_node("Conv", ["x", "c.w"], ["c"], name="conv", kernel_shape=[1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("Mystery", ["c", "r"], ["z"], name="mystery", domain="com.example"),
    ]
    return helper.make_graph(nodes, "unknown_two_inputs", [tensor("x", [1, 3, 4, 4])],
                             [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)],
                             initializer=weights)


def unknown_inferred():
    """A conv, an op archcalc does not know (DepthToSpace, block 2) whose
    output shape the model does not declare, then a 1x1 conv: only ONNX's
    shape inference gives the DepthToSpace's output, [1, 4, 16, 16] (not its
    input's [1, 16, 8, 8])."""
    weights = [weight("c1.w", 16, 3, 3, 3), weight("c2.w", 2, 4, 1, 1)]
    nodes = [
        helper.make_node("Conv", ["x", "c1.w"], ["c1"], name="conv1", kernel_shape=[3, 3]),
        helper.make_node("DepthToSpace", ["c1"], ["up"], name="up", blocksize=2),
        helper.make_node("Conv", ["up", "c2.w"], ["c2"], name="conv2", kernel_shape=[1, 1]),
    ]
    return helper.make_graph(nodes, "unknown_inferred", [tensor("x", [1, 3, 10, 10])],
                             [helper.make_tensor_value_info("c2", TensorProto.FLOAT, None)],
                             initializer=weights)


def bad_reshape():
    """A Reshape whose computed target holds a different number of elements."""
    weights = [ints("target", [1, 5, -1, 7])]
    nodes = [helper.make_node("Reshape", ["x", "target"], ["y"], name="reshape")]
    return helper.make_graph(nodes, "bad_reshape", [tensor("x", [1, 3, 4, 4])],
                             [tensor("y", [1, 5, 1, 7])], initializer=weights)


def pad_modes():
    """A reflect Pad, a Pad of 0.5 before a conv, zeros before a relu, zeros of a
    conv's (signed) output before a max pool (each the pad op), and zeros of a
    relu's output before a max pool (folded into its padding)."""
    weights = [ints("pads_r", [0, 0, 1, 2, 0, 0, 1, 0]), ints("pads_1", [0, 0, 1, 1, 0, 0, 1, 1]),
               helper.make_tensor("half", TensorProto.FLOAT, [], [0.5]),
               weight("c.w", 2, 4, 3, 3)]
    nodes = [
        helper.make_node("Pad", ["x", "pads_r"], ["xr"], name="pad_r", mode="reflect"),
        helper.make_node("Pad", ["xr", "pads_1", "half"], ["xv"], name="pad_v"),
        helper.make_node("Conv", ["xv", "c.w"], ["c"], name="conv", kernel_shape=[3, 3]),
        helper.make_node("Pad", ["c", "pads_1"], ["cz"], name="pad_z"),
        helper.make_node("Relu", ["cz"], ["r"], name="relu"),
        helper.make_node("Pad", ["r", "pads_1"], ["rp"], name="pad_f"),
        helper.make_node("MaxPool", ["rp"], ["y"], name="pool", kernel_shape=[2, 2],
                         strides=[2, 2]),
        helper.make_node("Pad", ["c", "pads_1"], ["cp"], name="pad_s"),
        helper.make_node("MaxPool", ["cp"], ["y2"], name="pool_s", kernel_shape=[2, 2],
                         strides=[2, 2]),
    ]
    return helper.make_graph(nodes, "pad_modes", [tensor("x", [1, 4, 6, 6])],
                             [tensor("y", [1, 2, 6, 6]), tensor("y2", [1, 2, 5, 5])],
                             initializer=weights)


def conv1d():
    """conv 3/2 over a sequence, max pool 2/2, average pool 3 (pads 1), global
    average pool, classifier."""
    weights = [weight("c.w", 8, 4, 3), weight("c.b", 8), weight("fc.w", 5, 8)]
    nodes = [
        helper.make_node("Conv", ["x", "c.w", "c.b"], ["c"], name="conv", kernel_shape=[3],
                         strides=[2], pads=[1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["m"], name="maxpool", kernel_shape=[2], strides=[2]),
        helper.make_node("AveragePool", ["m"], ["a"], name="avgpool", kernel_shape=[3],
                         pads=[1, 1], strides=[1]),
        helper.make_node("GlobalAveragePool", ["a"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.w"], ["y"], name="fc", transB=1),
    ]
    return helper.make_graph(nodes, "conv1d", [tensor("x", [1, 4, 16])], [tensor("y", [1, 5])],
                             initializer=weights)


def conv3d():
    """conv 3×3×3 (pads 1) over a volume, max pool 1×2×2, global max pool, classifier."""
    weights = [weight("c.w", 4, 2, 3, 3, 3), weight("fc.w", 3, 4), weight("fc.b", 3)]
    nodes = [
        helper.make_node("Conv", ["x", "c.w"], ["c"], name="conv", kernel_shape=[3, 3, 3],
                         pads=[1, 1, 1, 1, 1, 1]),
        helper.make_node("MaxPool", ["c"], ["m"], name="maxpool", kernel_shape=[1, 2, 2],
                         strides=[1, 2, 2]),
        helper.make_node("GlobalMaxPool", ["m"], ["g"], name="gmp"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["y"], name="fc", transB=1),
    ]
    return helper.make_graph(nodes, "conv3d", [tensor("x", [1, 2, 4, 8, 8])],
                             [tensor("y", [1, 3])], initializer=weights)


def older_resampling():
    """Forms PyTorch 1.13 does not write: Upsample (opsets 7 to 9, scales as
    an input from 9) nearest ×3 on 2×4×4, then a dilated transposed conv
    2→4 3x3/2, dilation 2, pads 1: (12 − 1)·2 − 2 + 2·2 + 1 = 25."""
    weights = [helper.make_tensor("s", TensorProto.FLOAT, [4], [1.0, 1.0, 3.0, 3.0]),
               weight("ct.w", 2, 4, 3, 3)]
    nodes = [
        helper.make_node("Upsample", ["x", "s"], ["up"], name="up", mode="nearest"),
        helper.make_node("ConvTranspose", ["up", "ct.w"], ["y"], name="ct", strides=[2, 2],
                         dilations=[2, 2], pads=[1, 1, 1, 1]),
    ]
    return helper.make_graph(nodes, "older_resampling", [tensor("x", [1, 2, 4, 4])],
                             [tensor("y", [1, 4, 25, 25])], initializer=weights)


def save_at(graph, opset, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="gen_onnx.py")
    onnx.save(model, path)


if __name__ == "__main__":
    save(tiny_cnn(True), "tiny_cnn.onnx")
    save(tiny_cnn(False), "tiny_cnn_no_weights.onnx")
    save(branches(), "branches.onnx")
    save(unknown_op(), "unknown_op.onnx")
    save(transformer_ops(), "transformer_ops.onnx")
    for opset in (11, 13, 18):
        save_at(opset_variants(opset)[0], opset, f"opset{opset}.onnx")
    save(bad_weight(), "bad_weight.onnx")
    model = helper.make_model(unknown_two_inputs(), producer_name="gen_onnx.py", opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid("com.example", 1)])
    onnx.save(model, "unknown_two_inputs.onnx")
    save_at(unknown_inferred(), 13, "unknown_inferred.onnx")
    save_at(bad_reshape(), 13, "bad_reshape.onnx")
    save(pad_modes(), "pad_modes.onnx")
    save(conv1d(), "conv1d.onnx")
    save(conv3d(), "conv3d.onnx")
    save_at(older_resampling(), 9, "older_resampling.onnx")
