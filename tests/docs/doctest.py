#!/usr/bin/env python3
"""Runs the examples shown in README.md and docs/*.md and compares their output.

A code block is an example when the line before it (blank lines aside) is one of:

  <!-- doctest: archcalc ARGS -->   the block is the output of that command
  <!-- doctest -->                  the block holds `$ COMMAND` lines, each
                                    followed by its output (`$ echo $?` prints
                                    the previous command's exit code)
  <!-- measured: WHY -->            the block shows measured times: not compared
  <!-- doctest: python -->          the block is a Python session (`>>>` lines):
                                    python/tests/test_docs.py runs it with the
                                    `archcalc` module (the blocks of one file as
                                    one session), not this script

A marked Markdown table (lines starting with `|`) is compared like a block.

Every unlabelled fenced block (``` with no language), every fenced block
holding a `>>>` line and every indented block that starts with `$ ` must carry
one of these markers, so a new example cannot slip in untested. Output is compared line by line, trailing spaces ignored; a
line `...` or `…` alone stands for any number of lines, and `...` inside a line
for any text (columns cut). Commands run in a scratch folder that sees the
repository's architectures/ and tests/ (and a copy of reports/), so `-o FILE`
writes nothing into the repository.

With --update, a failing example without ellipses is rewritten with the
output the command prints now (examples with ellipses are reported, to be
edited by hand).

Usage: doctest.py --archcalc BUILD/archcalc [--root REPO] [--update] [FILES...]
"""
import argparse
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

MARKER = re.compile(r"^<!--\s*(doctest|measured)\s*(?::\s*(.*?))?\s*-->\s*$")
ELLIPSIS = ("...", "…")


class Block:
    def __init__(self, path, line, lines, fenced, lang, indent=""):
        self.path, self.line, self.lines, self.fenced, self.lang = path, line, lines, fenced, lang
        self.indent = indent  # what each line is prefixed with in the file
        self.marker = None  # (kind, argument)


def blocks_of(path):
    """The code blocks of a Markdown file, with the marker before each."""
    text = open(path, encoding="utf-8").read().split("\n")
    out, i, prev = [], 0, None  # prev: the last non-blank line before i
    while i < len(text):
        line = text[i]
        if line.startswith("```"):
            j = i + 1
            while j < len(text) and not text[j].startswith("```"):
                j += 1
            b = Block(path, i + 2, text[i + 1 : j], True, line[3:].strip())
            i = j + 1
        elif line.startswith("    ") and (prev is None or prev[1] == "" or prev[1].startswith("<!--")) and (
            i == 0 or text[i - 1].strip() == ""
        ):
            j = i
            while j < len(text) and (text[j].startswith("    ") or text[j].strip() == ""):
                j += 1
            while j > i and text[j - 1].strip() == "":
                j -= 1
            b = Block(path, i + 1, [t[4:] for t in text[i:j]], False, "", "    ")
            i = j
        elif line.startswith("|") and prev and MARKER.match(prev[1]):
            j = i
            while j < len(text) and text[j].startswith("|"):
                j += 1
            b = Block(path, i + 1, text[i:j], False, "table")
            i = j
        else:
            if line.strip():
                prev = (i, line.strip())
            else:
                prev = (i, "") if prev is None or not prev[1].startswith("<!--") else prev
            i += 1
            continue
        if prev and (m := MARKER.match(prev[1])):
            b.marker = (m.group(1), m.group(2))
        out.append(b)
        prev = (i, "")
    return out


def needs_marker(b):
    if b.fenced:
        return b.lang in ("", "console") or is_python_session(b)
    return bool(b.lines) and b.lines[0].startswith("$ ")


def is_python_session(b):
    return any(line.startswith(">>>") for line in b.lines)


def is_python_marker(marker):
    return marker == ("doctest", "python")


def line_matches(expected, actual):
    if "..." not in expected:
        return expected == actual
    pos = 0
    for part in expected.split("..."):
        part = part.strip()
        k = actual.find(part, pos)
        if k < 0:
            return False
        pos = k + len(part)
    return True


def match(expected, actual):
    """True when `actual` (lines) is what `expected` shows, ellipses as wildcards."""
    expected = [e.rstrip() for e in expected]
    actual = [a.rstrip() for a in actual]
    while actual and actual[-1] == "":
        actual.pop()
    while expected and expected[-1] == "":
        expected.pop()

    def go(ei, ai, memo={}):
        key = (ei, ai)
        if key in memo:
            return memo[key]
        if ei == len(expected):
            r = ai == len(actual)
        elif expected[ei].strip() in ELLIPSIS:
            r = any(go(ei + 1, k) for k in range(ai, len(actual) + 1))
        else:
            r = ai < len(actual) and line_matches(expected[ei], actual[ai]) and go(ei + 1, ai + 1)
        memo[key] = r
        return r

    return go(0, 0, {})


def run(cmd, archcalc, cwd):
    words = shlex.split(cmd)
    if words and words[0] == "archcalc":
        words[0] = archcalc
    env = dict(os.environ, COLUMNS="200")
    # Sanitizer builds: no statistics of suppressed leaks in the compared output.
    env["LSAN_OPTIONS"] = env.get("LSAN_OPTIONS", "") + ":print_suppressions=0"
    p = subprocess.run(words, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                       timeout=600)
    return p.returncode, p.stdout.decode("utf-8", "replace").split("\n")


def first_difference(expected, actual):
    exp = [e.rstrip() for e in expected]
    for k, e in enumerate(exp):
        if e.strip() in ELLIPSIS or "..." in e:
            continue
        if e not in [a.rstrip() for a in actual]:
            return f"shown line {k + 1} is not in the output:\n    {e}"
    return "the lines are all there, but not in the order or extent shown"


def has_ellipsis(lines):
    return any("..." in l or l.strip() == "…" for l in lines)


def check_block(b, archcalc, cwd, update=None):
    """A list of failure messages for one marked block. With `update` (a dict),
    the block's new lines are stored under (path, line) when it can be rewritten."""
    kind, arg = b.marker
    if kind == "measured":
        return []
    steps = []  # (command, expected lines)
    if arg:
        steps.append((arg, b.lines))
    else:
        for line in b.lines:
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        if not steps:
            return [f"{b.path}:{b.line}: `<!-- doctest -->` block has no `$ ` command"]
    failures, last_rc, new_lines = [], 0, []
    for cmd, expected in steps:
        if cmd.strip() == "echo $?":
            actual = [str(last_rc)]
        else:
            last_rc, actual = run(cmd, archcalc, cwd)
        while actual and actual[-1].rstrip() == "":
            actual.pop()
        if not arg:
            new_lines.append("$ " + cmd)
        new_lines += [a.rstrip() for a in actual]
        if not match(expected, actual):
            failures.append(
                f"{b.path}:{b.line}: `{cmd}`: {first_difference(expected, actual)}\n"
                "  actual output:\n" + "\n".join("    " + a for a in actual[:60]))
    if failures and update is not None and not has_ellipsis(b.lines):
        update[b.line] = new_lines
    return failures


def rewrite(path, blocks, update):
    """Replaces the lines of each block named in `update` in the file at `path`."""
    text = open(path, encoding="utf-8").read().split("\n")
    for b in sorted(blocks, key=lambda b: -b.line):
        if b.line not in update:
            continue
        start = b.line - 1
        new = [b.indent + l if l else "" for l in update[b.line]]
        text[start : start + len(b.lines)] = new
    open(path, "w", encoding="utf-8").write("\n".join(text))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--update", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    archcalc = os.path.abspath(a.archcalc)
    files = a.files or [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    failures, ran, measured, python = [], 0, 0, 0
    with tempfile.TemporaryDirectory(prefix="archcalc-doctest-") as cwd:
        for d in ("architectures", "tests", "docs", "bench", "scripts"):
            os.symlink(os.path.join(root, d), os.path.join(cwd, d))
        shutil.copytree(os.path.join(root, "reports"), os.path.join(cwd, "reports"))
        for f in files:
            rel = os.path.relpath(f, root)
            update = {} if a.update else None
            bl = blocks_of(f)
            for b in bl:
                b.path = rel
                if b.marker is None:
                    if needs_marker(b):
                        failures.append(f"{rel}:{b.line}: an output block without a doctest or measured marker")
                    continue
                if b.marker[0] == "measured":
                    measured += 1
                    continue
                if is_python_session(b) != is_python_marker(b.marker):
                    failures.append(f"{rel}:{b.line}: a Python session (`>>>`) is marked "
                                    "`<!-- doctest: python -->`, and only a Python session")
                    continue
                if is_python_marker(b.marker):
                    python += 1
                    continue
                ran += 1
                failures += check_block(b, archcalc, cwd, update)
            if update:
                rewrite(f, bl, update)
                print(f"rewrote {len(update)} examples in {rel}")
    # docs/ci.md checks a changed VGG-16 against the bundled one's baseline.
    mine = os.path.join(root, "tests", "data", "docs", "models-baseline", "vgg16.json")
    if open(mine, "rb").read() != open(os.path.join(root, "reports", "vgg16.json"), "rb").read():
        failures.append("tests/data/docs/models-baseline/vgg16.json differs from reports/vgg16.json: "
                        "copy it over (it is the bundled VGG-16's baseline)")
    for msg in failures:
        print(msg, file=sys.stderr)
    print(f"doctest: {ran} examples compared, {measured} measured ones skipped, {python} Python "
          f"sessions left to python/tests/test_docs.py, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
