"""archcalc.analyze: exact figures, the JSON document, records, pandas, HTML."""

import archcalc
from archcalc import _core


def test_vgg16_exact(arch):
    a = archcalc.analyze(arch("vgg16"))
    assert a.totals.params == 138_357_544
    assert a.totals.macs == 15_470_264_320
    assert a.totals["flops"] == 2 * 15_470_264_320
    assert a.model == "vgg16"
    assert repr(a) == ("<archcalc.Analysis vgg16: 138,357,544 params, "
                       "15,470,264,320 MACs, inference>")


def test_to_dict_is_the_commands_json(arch):
    path = arch("googlenet")
    doc = archcalc.analyze(path).to_dict()
    assert doc == _core.command_json(["analyze", path])
    assert list(doc) == list(_core.command_json(["analyze", path]))  # same key order
    assert doc["schema"] == "archcalc.analysis"


def test_table_is_the_commands_table(arch):
    path = arch("resnet18")
    assert archcalc.analyze(path).table == _core.command(["analyze", path])
    assert str(archcalc.analyze(path, depth=0)) == _core.command(["analyze", path, "--depth", "0"])


def test_layers_and_blocks_are_records(arch):
    a = archcalc.analyze(arch("modules/inception_reduced"))
    conv = a.layers[1]
    assert conv.name == "branch_1x1/conv" and conv["name"] == conv.name
    assert conv.output_shape == [64, 28, 28]
    assert conv.params == 12_352 and conv.macs == 9_633_792
    branch = next(b for b in a.blocks if b.name == "branch_5x5")
    assert branch.totals.macs == 12_443_648
    assert sum(l.params for l in a.layers) == a.totals.params == 163_696


def test_set_and_mode(arch):
    assert archcalc.analyze(arch("vgg16"), set={"classes": 10}).totals.params == 134_301_514
    inference = archcalc.analyze(arch("googlenet"))
    training = archcalc.analyze(arch("googlenet"), mode="training")
    assert inference.totals.params == 6_998_552
    assert training.totals.params == 6_998_552 + 6_379_728
    assert training.totals.macs == 1_582_671_872 + 8_372_224


def test_yaml_text():
    text = """name: tiny
input: [3, 32, 32]
layers:
  - {name: conv1, op: conv, out: 16, kernel: 3, pad: 1}
  - {name: fc, op: fc, out: 10}
"""
    a = archcalc.analyze(text)
    assert a.totals.params == 3 * 9 * 16 + 16 + 16 * 32 * 32 * 10 + 10
    assert a.totals.macs == 32 * 32 * 16 * 27 + 16 * 32 * 32 * 10
    assert a.to_dict()["file"] == "<string>"


def test_to_pandas(arch):
    a = archcalc.analyze(arch("vgg16"))
    layers = a.to_pandas()
    assert int(layers["params"].sum()) == 138_357_544
    assert int(layers["macs"].sum()) == 15_470_264_320
    assert layers.loc["fc8", "params"] == 4_097_000
    assert layers.loc["fc8", "output_shape"] == (1000,)
    blocks = archcalc.analyze(arch("resnet18")).to_pandas("blocks")
    assert blocks.loc["conv2_x", "macs"] == 462_422_016


def test_repr_html(arch):
    page = archcalc.analyze(arch("resnet18"))._repr_html_()
    assert page.count("<table>") == 2
    assert '<td style="text-align:right">11,689,512</td>' in page
    assert "<b>conv2_x</b>" in page
    assert '<td style="text-align:right">462,422,016</td>' in page
