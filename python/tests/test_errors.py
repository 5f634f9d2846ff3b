"""Bad input raises archcalc.Error, a ValueError, with the file:line:col message."""

import pytest

import archcalc


def test_error_is_a_value_error():
    assert issubclass(archcalc.Error, ValueError)


def test_yaml_error_has_its_position():
    text = "name: bad\ninput: [3, 32, 32]\nlayers:\n  - {name: c, op: conv, out: 8, kernel: 99}\n"
    with pytest.raises(archcalc.Error) as e:
        archcalc.analyze(text)
    assert str(e.value).startswith("<string>:4:5: error: conv 'c': ")
    assert "99" in str(e.value)


def test_missing_file():
    with pytest.raises(archcalc.Error, match=r"^missing\.yaml: error: cannot open the file$"):
        archcalc.analyze("missing.yaml")


def test_unknown_parameter(arch):
    with pytest.raises(archcalc.Error, match=r"--set widht: no such parameter"):
        archcalc.analyze(arch("vgg16"), set={"widht": 3})


def test_compare_unknown_block(arch):
    with pytest.raises(archcalc.Error, match=r"no block instance 'branch_7x7'.*did you mean"):
        archcalc.compare(arch("modules/inception_naive") + "#branch_7x7",
                         arch("modules/inception_reduced"))


def test_sweep_error_names_the_point(arch):
    with pytest.raises(archcalc.Error, match=r"n5=0"):
        archcalc.sweep(arch("modules/inception_reduced"), {"n5": [16, 0]})


def test_bad_mode(arch):
    with pytest.raises(ValueError, match="mode must be"):
        archcalc.analyze(arch("vgg16"), mode="train")
