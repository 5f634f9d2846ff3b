#!/usr/bin/env python3
"""The executable's plugins (src/plugin/): which libraries each command loads,
and the one line a missing or broken plugin gives.

- `ldd` of the executable names none of libonnx, protobuf, OpenBLAS, oneDNN
  and their runtimes; `analyze` of a YAML file loads none of them and no plugin
  (glibc's LD_DEBUG=files lists every object a process loads, dlopen's too).
- `run --backend gemm` loads archcalc_gemm.so and OpenBLAS and nothing of
  oneDNN or ONNX; `run --backend onednn` the reverse; `analyze` of an .onnx
  model loads archcalc_onnx.so and protobuf and no backend.
- A copy of the executable in PREFIX/bin: `analyze` of a YAML file still works;
  each part (and `probe`, and `survey` before its first run) fails with exit 2
  and one line naming both folders searched; a
  module that is not one gives dlopen's reason; the real module in
  PREFIX/lib/archcalc (the installed layout) is found and runs.

Usage: test_plugins.py --archcalc BUILD/archcalc --out DIR --parts onnx gemm onednn
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TINY = os.path.join(SOURCE, "tests", "data", "exec_tiny.yaml")
RESNET = os.path.join(SOURCE, "architectures", "resnet152.yaml")
ONNX = os.path.join(SOURCE, "tests", "data", "import", "tv_squeezenet1_1.onnx")
RUN = ["--repeat", "1", "--warmup", "0"]

# Each part: the command that needs it, its module, the message's subject, the
# libraries it brings (file names start with these).
PARTS = {
    "gemm": (["run", TINY, "--backend", "gemm"] + RUN, "the gemm backend",
             ["libopenblas", "libgfortran"]),
    "onednn": (["run", TINY, "--backend", "onednn"] + RUN, "the onednn backend",
               ["libdnnl", "libgomp"]),
    "onnx": (["analyze", ONNX, "--format", "json"], "reading .onnx models",
             ["libonnx", "libprotobuf"]),
}

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAILED: ") + what)
    if not ok:
        failures.append(what)


def loaded(exe, args, out):
    """Runs exe with args; returns (status, stdout, stderr, the basenames of
    every object the process loaded)."""
    trace = os.path.join(out, "ld_debug")
    for old in glob.glob(trace + ".*"):
        os.remove(old)
    env = dict(os.environ, LD_DEBUG="files", LD_DEBUG_OUTPUT=trace)
    p = subprocess.run([exe] + args, capture_output=True, text=True, env=env)
    names = set()
    for path in glob.glob(trace + ".*"):
        with open(path) as f:
            for line in f:
                if "file=" in line:
                    name = line.split("file=", 1)[1].split(" ", 1)[0]
                    names.add(os.path.basename(name))
    return p.returncode, p.stdout, p.stderr, names


def named(names, prefixes):
    return sorted(n for n in names if any(n.startswith(p) for p in prefixes))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archcalc", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--parts", nargs="+", required=True)
    a = ap.parse_args()
    exe = os.path.abspath(a.archcalc)
    out = os.path.abspath(a.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    parts = {p: PARTS[p] for p in a.parts}
    heavy = [lib for _, _, libs in parts.values() for lib in libs]
    modules = ["archcalc_%s.so" % p for p in parts]

    ldd = subprocess.run(["ldd", exe], capture_output=True, text=True).stdout
    check(not [lib for lib in heavy if lib in ldd], "ldd names none of %s" % heavy)

    status, _, _, names = loaded(exe, ["analyze", RESNET], out)
    check(status == 0, "analyze resnet152.yaml exits 0")
    check(named(names, heavy + ["archcalc_"]) == [],
          "analyze resnet152.yaml loads none of them: %s" % named(names, heavy + ["archcalc_"]))

    for part, (args, _, libs) in parts.items():
        status, stdout, stderr, names = loaded(exe, args, out)
        check(status == 0, "%s exits 0: %s" % (" ".join(args[:1] + args[2:4]), stderr.strip()))
        module = "archcalc_%s.so" % part
        others = [lib for p, (_, _, ls) in parts.items() if p != part for lib in ls]
        check(module in names and all(named(names, [lib]) for lib in libs),
              "%s loads %s and %s" % (part, module, libs))
        check(named(names, others + [m for m in modules if m != module]) == [],
              "%s loads nothing of the others: %s" % (part, named(names, others + modules)))
        if part == "onnx":
            params = json.loads(stdout)["totals"]["params"] if status == 0 else None
            check(params == 1235496, "squeezenet1_1.onnx through the plugin: %s params" % params)

    # A copy of the executable in an empty prefix.
    prefix = os.path.join(out, "prefix")
    bindir, plugdir = os.path.join(prefix, "bin"), os.path.join(prefix, "lib", "archcalc")
    os.makedirs(bindir)
    os.makedirs(plugdir)
    copy = os.path.join(bindir, "archcalc")
    shutil.copy2(exe, copy)
    p = subprocess.run([copy, "analyze", TINY, "--format", "csv"], capture_output=True, text=True)
    check(p.returncode == 0 and p.stderr == "", "analyze without plugins: %s" % p.stderr.strip())
    commands = dict((part, args) for part, (args, _, _) in parts.items())
    needs = dict((part, part) for part in parts)
    if "gemm" in parts or "onednn" in parts:
        commands["probe"] = ["probe", "--repeat", "1"]
        needs["probe"] = "gemm" if "gemm" in parts else "onednn"
        # A survey stops before its first run.
        commands["survey"] = ["survey", TINY, "--backend", needs["probe"], "--no-reports",
                              "-o", os.path.join(out, "survey")]
        needs["survey"] = needs["probe"]
    for part, args in commands.items():
        needed = needs[part]
        module = "archcalc_%s.so" % needed
        p = subprocess.run([copy] + args, capture_output=True, text=True)
        want = "archcalc: error: %s needs %s, which is neither in %s nor in %s\n" % (
            parts[needed][1], module, bindir, plugdir)
        check(p.returncode == 2 and p.stderr == want and p.stdout == "",
              "%s without its plugin: exit %d, %r" % (part, p.returncode, p.stderr))
    for part, (args, user, _) in parts.items():
        module = os.path.join(plugdir, "archcalc_%s.so" % part)
        with open(module, "w") as f:
            f.write("this text is not a shared object, " * 4)
        p = subprocess.run([copy] + args, capture_output=True, text=True)
        want = "archcalc: error: %s needs %s: invalid ELF header\n" % (user, module)
        check(p.returncode == 2 and p.stderr == want,
              "%s with a broken plugin: exit %d, %r" % (part, p.returncode, p.stderr))
        shutil.copy2(os.path.join(os.path.dirname(exe), "archcalc_%s.so" % part), module)
        p = subprocess.run([copy] + args, capture_output=True, text=True)
        check(p.returncode == 0, "%s with its plugin in lib/archcalc: %s" % (part, p.stderr.strip()))

    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
