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


if __name__ == "__main__":
    save(tiny_cnn(True), "tiny_cnn.onnx")
    save(tiny_cnn(False), "tiny_cnn_no_weights.onnx")
    save(branches(), "branches.onnx")
    save(unknown_op(), "unknown_op.onnx")
