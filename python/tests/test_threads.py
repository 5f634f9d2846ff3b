"""The analyzer runs without the GIL: other Python threads go on meanwhile,
and analyses in threads give the serial results."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import archcalc


def chain(layers):
    """A chain of small convolutions: the more layers, the longer one analysis."""
    return "name: chain\ninput: [8, 16, 16]\nlayers:\n" + "".join(
        f"  - {{name: c{i}, op: conv, out: 8, kernel: 3, pad: 1}}\n" for i in range(layers))


def test_threads_give_the_serial_results(arch):
    paths = [arch(n) for n in ("vgg16", "resnet50", "googlenet", "inception_v3")] * 2
    serial = [archcalc.analyze(p).to_dict() for p in paths]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda p: archcalc.analyze(p).to_dict(), paths)) == serial


def analyze_while_ticking(text):
    """Analyzes `text` in a thread while this one counts; returns how long the
    analysis took and the longest this thread waited between two ticks."""
    done = threading.Event()
    took = []

    def work():
        start = time.perf_counter()
        archcalc.analyze(text)
        took.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=work)
    last, longest = time.perf_counter(), 0.0
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    return took[0], longest


def test_the_gil_is_released_while_analyzing():
    # Long enough that holding the GIL would show: at least 0.2 s (1,000
    # layers under the sanitizers, 16,000 in a Release build).
    layers = 1000
    took, longest = analyze_while_ticking(chain(layers))
    while took < 0.2 and layers < 64000:
        layers *= 4
        took, longest = analyze_while_ticking(chain(layers))
    assert took >= 0.2, (layers, took)
    # With the GIL held for the whole call this loop would stall for all of it.
    assert longest < 0.5 * took, (longest, took)
