"""archcalc.compare and archcalc.run: the commands' documents."""

import archcalc
from archcalc import _core


def test_compare_branch_5x5(arch):
    c = archcalc.compare(arch("modules/inception_naive") + "#branch_5x5",
                         arch("modules/inception_reduced") + "#branch_5x5")
    assert c.totals.macs.a == 120_422_400
    assert c.totals.macs.b == 12_443_648
    assert c.totals.macs.difference == 12_443_648 - 120_422_400
    assert c.to_dict()["schema"] == "archcalc.compare"
    assert "120,422,400" in c.table and "12,443,648" in c.table


def test_compare_is_the_commands_json(arch):
    a, b = arch("modules/inception_naive"), arch("modules/inception_reduced")
    assert archcalc.compare(a, b).to_dict() == _core.command_json(["compare", a, b])


def test_run_counts(arch):
    r = archcalc.run(arch("lenet5"), backend="reference", threads=1, batch=2, repeat=1, warmup=0)
    doc = r.to_dict()
    assert doc["schema"] == 1 and doc["backend"] == "reference"
    assert doc["batch"] == 2
    assert sum(layer["macs"] for layer in doc["layers"]) == 2 * 416_520
    assert len(r.to_pandas()) == len(doc["layers"])
