#!/usr/bin/python3
"""Writes tiny ONNX models, the seeds of the fuzz_onnx target: one per group of
node types the importer translates (docs/import.md), with weights as
initializers (raw data), as graph inputs without values, and as Constant
nodes, so that every path of the reader starts from a valid model.

Usage (Debian's python3-onnx): /usr/bin/python3 fuzz/onnx_seeds.py DIR
"""
import math
import sys

import onnx
from onnx import TensorProto, helper


def weight(name, *dims):
    return helper.make_tensor(name, TensorProto.FLOAT, list(dims),
                              bytes(4 * math.prod(dims)), raw=True)


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def scalar(name, value):
    return helper.make_tensor(name, TensorProto.FLOAT, [], [value])


def value(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def model(name, nodes, inputs, outputs, init=(), value_info=(), opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(init),
                              value_info=list(value_info))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="onnx_seeds.py")
    onnx.checker.check_model(m)
    return m


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, name=outs[0], **attrs)


def conv_variants():
    """Grouped, dilated, SAME_UPPER and VALID convs; max and average pools."""
    return model("convs", [
        node("Conv", ["x", "w1", "b1"], ["c1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], group=2),
        node("Conv", ["c1", "w2"], ["c2"], kernel_shape=[3, 3], dilations=[2, 2],
             auto_pad="SAME_UPPER"),
        node("MaxPool", ["c2"], ["p1"], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1),
        node("AveragePool", ["p1"], ["p2"], kernel_shape=[3, 3], pads=[1, 1, 1, 1],
             count_include_pad=1),
        node("Conv", ["p2", "w3"], ["c3"], kernel_shape=[1, 1], auto_pad="VALID"),
        node("GlobalMaxPool", ["c3"], ["g"]),
    ], [value("x", [1, 4, 9, 9])], [value("g", [1, 6, 1, 1])],
        init=[weight("w1", 4, 2, 3, 3), weight("b1", 4), weight("w2", 8, 4, 3, 3),
              weight("w3", 6, 8, 1, 1)])


def activations():
    """The activations (Mish needs a newer onnx checker than Debian's), PRelu and Clip."""
    acts = [("Relu", {}), ("LeakyRelu", {"alpha": 0.2}), ("Sigmoid", {}), ("Tanh", {}),
            ("HardSwish", {}), ("HardSigmoid", {"alpha": 0.2}), ("Elu", {"alpha": 1.0}),
            ("Softmax", {"axis": 1})]
    nodes, prev = [], "x"
    for i, (op, attrs) in enumerate(acts):
        nodes.append(node(op, [prev], [f"a{i}"], **attrs))
        prev = f"a{i}"
    nodes.append(node("PRelu", [prev, "slope"], ["pr"]))
    nodes.append(node("Clip", ["pr", "lo", "hi"], ["clip"]))
    return model("activations", nodes, [value("x", [1, 3, 4, 4])], [value("clip", [1, 3, 4, 4])],
                 init=[weight("slope", 3, 1, 1), scalar("lo", 0.0), scalar("hi", 6.0)],
                 opset=14)


def norms_and_merges():
    """Batch norm, LRN, Concat, Add/Mul/Sub/Div, Sum, Identity, Dropout."""
    return model("merges", [
        node("BatchNormalization", ["x", "s", "b", "m", "v"], ["bn"]),
        node("LRN", ["bn"], ["lrn"], size=3),
        node("Identity", ["lrn"], ["id"]),
        node("Concat", ["bn", "id"], ["cat"], axis=1),
        node("Add", ["cat", "cat"], ["add"]),
        node("Mul", ["add", "cat"], ["mul"]),
        node("Sub", ["mul", "add"], ["sub"]),
        node("Div", ["sub", "mul"], ["div"]),
        node("Sum", ["div", "sub", "add"], ["sum"]),
        node("Dropout", ["sum"], ["drop"]),
    ], [value("x", [1, 2, 5, 5])], [value("drop", [1, 4, 5, 5])],
        init=[weight("s", 2), weight("b", 2), weight("m", 2), weight("v", 2)])


def reshapes():
    """ReduceMean, Transpose, Flatten, a Reshape from a Constant node, MatMul + bias, Gemm."""
    return model("reshapes", [
        helper.make_node("Constant", [], ["shape"], value=ints("shape_t", [0, -1])),
        node("Transpose", ["x"], ["t"], perm=[0, 2, 3, 1]),
        node("ReduceMean", ["t"], ["rm"], axes=[3], keepdims=1),
        node("Flatten", ["rm"], ["f"], axis=1),
        node("Reshape", ["x", "shape"], ["r"]),
        node("MatMul", ["r", "mw"], ["mm"]),
        node("Add", ["mm", "mb"], ["mmb"]),
        node("Gemm", ["mmb", "gw", "gb"], ["gemm"], transB=1),
        node("ReduceMax", ["gemm"], ["rmax"], axes=[1], keepdims=0),
    ], [value("x", [1, 3, 4, 4])], [value("rmax", [1])],
        init=[weight("mw", 48, 5), weight("mb", 5), weight("gw", 7, 5), weight("gb", 7)])


def weights_as_inputs():
    """Parameters as graph inputs without values; a value_info shape for an
    op the importer does not know (Erf)."""
    return model("inputs", [
        node("Conv", ["x", "w"], ["c"], kernel_shape=[3, 3]),
        node("Erf", ["c"], ["e"]),
        node("Flatten", ["e"], ["e2"]),
        node("Gemm", ["e2", "fw", "fb"], ["fc"], transB=1),
    ], [value("x", [1, 1, 5, 5]), value("w", [2, 1, 3, 3]), value("fw", [3, 18]),
        value("fb", [3])], [value("fc", [1, 3])], value_info=[value("e", [1, 2, 3, 3])])


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    for f in (conv_variants, activations, norms_and_merges, reshapes, weights_as_inputs):
        onnx.save(f(), f"{out}/{f.__name__}.onnx")
