"""The analyzer runs without the GIL: other Python threads go on meanwhile,
and analyses in threads give the serial results."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import archcalc

# A long chain of small convolutions: one analysis takes a while.
BIG = "name: chain\ninput: [8, 16, 16]\nlayers:\n" + "".join(
    f"  - {{name: c{i}, op: conv, out: 8, kernel: 3, pad: 1}}\n" for i in range(20000))


def test_threads_give_the_serial_results(arch):
    paths = [arch(n) for n in ("vgg16", "resnet50", "googlenet", "inception_v3")] * 2
    serial = [archcalc.analyze(p).to_dict() for p in paths]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda p: archcalc.analyze(p).to_dict(), paths)) == serial


def test_the_gil_is_released_while_analyzing():
    done = threading.Event()
    took = []

    def work():
        start = time.perf_counter()
        archcalc.analyze(BIG)
        took.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=work)
    ticks, last, longest = 0, time.perf_counter(), 0.0
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
        ticks += 1
    worker.join()
    # With the GIL held for the whole call this loop would stall for all of it.
    assert took[0] > 0.05
    assert longest < 0.5 * took[0], (longest, took[0])
