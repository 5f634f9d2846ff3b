"""docs/python.md: every `>>>` example runs and prints what the page shows.

The examples run in a scratch folder that sees the repository's
architectures/ and python/ (so the plot they save lands there, not in docs/).
"""

import doctest
import os

from conftest import ROOT


def test_python_md(tmp_path, monkeypatch):
    for name in ("architectures", "python"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "docs" / "img").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(str(ROOT / "docs" / "python.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                              report=True)
    assert result.attempted > 20
    assert result.failed == 0
    assert (tmp_path / "docs" / "img" / "python_macs_per_block.png").stat().st_size > 10_000
