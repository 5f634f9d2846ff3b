"""archcalc.from_torch: torchvision models through ONNX, counted exactly."""

import pytest
import torch
import torchvision

import archcalc


def _params(module):
    return sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("name,params,macs", [
    ("resnet18", 11_689_512, 1_814_073_344),
    ("mobilenet_v2", 3_504_872, 300_774_272),
])
def test_torchvision(name, params, macs):
    model = getattr(torchvision.models, name)(weights=None)
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


def test_unsupported_op_is_an_error():
    class Odd(torch.nn.Module):
        def forward(self, x):
            return torch.cumsum(x, dim=1)

    with pytest.raises(archcalc.Error, match=r"^Odd\.onnx.*error: .*CumSum"):
        archcalc.from_torch(Odd(), (3, 8, 8))
