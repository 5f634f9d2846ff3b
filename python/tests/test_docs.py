"""README.md and docs/*.md: every Python session marked
`<!-- doctest: python -->` runs and prints what the page shows
(tests/docs/doctest.py requires that marker on every block holding `>>>`).

The marked blocks of one page run in order as one session, in a scratch folder
that sees the repository's architectures/ and python/ (so the plot the
walk-through saves lands there, not in docs/).
"""

import doctest
import importlib.util

import pytest

from conftest import ROOT

# tests/docs/doctest.py, under another name than the standard library's doctest.
_spec = importlib.util.spec_from_file_location("docs_doctest", ROOT / "tests" / "docs" / "doctest.py")
docs_doctest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(docs_doctest)


def _sessions(page):
    return [b for b in docs_doctest.blocks_of(str(ROOT / page))
            if b.marker and docs_doctest.is_python_marker(b.marker)]


PAGES = [p for p in ["README.md"] + sorted(f"docs/{f.name}" for f in (ROOT / "docs").glob("*.md"))
         if _sessions(p)]


def test_the_pages_with_sessions():
    assert PAGES == ["README.md", "docs/python.md"]


@pytest.mark.parametrize("page", PAGES)
def test_page(page, tmp_path, monkeypatch):
    for name in ("architectures", "python"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "docs" / "img").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    report = []
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs = {"__name__": "__main__"}
    for block in _sessions(page):
        test = doctest.DocTestParser().get_doctest(
            "\n".join(block.lines) + "\n", globs, page, page, block.line - 1)
        test.globs = globs  # one session: DocTest works on a copy otherwise
        runner.run(test, out=report.append, clear_globs=False)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)
    if page == "docs/python.md":
        assert result.attempted > 20
        assert (tmp_path / "docs" / "img" / "python_macs_per_block.png").stat().st_size > 10_000
    else:
        assert result.attempted >= 5
