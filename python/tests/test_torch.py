"""archcalc.from_torch: torchvision models through ONNX, counted exactly.

The MACs expected are ATen's own count of the same models' multiply-accumulates
(convolutions and matrix products, as scripts/torchvision_onnx.py counts them
on a forward pass); the params are PyTorch's sum(p.numel()).
"""

import pytest
import torch
import torchvision

import archcalc


def _params(module):
    return sum(p.numel() for p in module.parameters())


MODELS = [
    ("resnet18", {}, 11_689_512, 1_814_073_344),
    ("mobilenet_v2", {}, 3_504_872, 300_774_272),
    ("resnet50", {}, 25_557_032, 4_089_184_256),
    ("squeezenet1_1", {}, 1_235_496, 349_151_936),
    ("alexnet", {}, 61_100_840, 714_188_480),
    ("googlenet", {"aux_logits": False, "init_weights": False}, 6_624_904, 1_498_376_192),
]


@pytest.mark.parametrize("name,kwargs,params,macs", MODELS, ids=[m[0] for m in MODELS])
def test_torchvision(name, kwargs, params, macs):
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    a = archcalc.from_torch(model, (3, 224, 224))
    assert _params(model) == params
    assert a.totals.params == params
    assert a.totals.macs == macs
    assert model.training  # the module's mode is given back


def test_same_as_the_yaml(arch):
    model = torchvision.models.resnet18(weights=None)
    ours = archcalc.analyze(arch("resnet18")).totals
    theirs = archcalc.from_torch(model, (1, 3, 224, 224), name="resnet18").totals
    assert (theirs.params, theirs.macs) == (ours.params, ours.macs)


def test_parameters_the_graph_does_not_use_are_a_warning():
    model = torchvision.models.googlenet(weights=None, aux_logits=True, init_weights=False)
    with pytest.warns(UserWarning, match=r"^GoogLeNet\.onnx: the module has 13,004,888 "
                      r"parameters, the exported graph 6,624,904: the forward pass does not "
                      r"use 6,379,984 of them"):
        a = archcalc.from_torch(model, (3, 224, 224))
    assert a.totals.params == 6_624_904


def test_unsupported_op_is_an_error():
    class Odd(torch.nn.Module):
        def forward(self, x):
            return torch.cumsum(x, dim=1)

    with pytest.raises(archcalc.Error, match=r"^Odd\.onnx.*error: .*CumSum"):
        archcalc.from_torch(Odd(), (3, 8, 8))


def test_bad_input_shape():
    with pytest.raises(ValueError, match=r"input_shape must be"):
        archcalc.from_torch(torchvision.models.resnet18(weights=None), (224, 224))
