"""archcalc.sweep: the command's grid, cut into sub-grids, and on Dask."""

import archcalc
from archcalc import _core, _sweep

GRID = {"reduce": [8, 16, 24], "n5": [16, 32], "pool_proj": [32, 64]}


def test_sweep_is_the_commands_json(arch):
    path = arch("modules/inception_reduced")
    s = archcalc.sweep(path, GRID)
    expected = _core.command_json(["sweep", path, "--set", "reduce=8,16,24", "--set", "n5=16,32",
                                   "--set", "pool_proj=32,64"])
    assert s.to_dict() == expected
    assert len(s) == 12
    assert s.points[0].parameters == {"reduce": 8, "n5": 16, "pool_proj": 32}
    assert s.points[0].totals.macs == 119_318_528
    assert s.points[0].totals.params == 152_536


def test_sub_grids_merge_to_the_whole(arch):
    path = arch("modules/inception_reduced")
    whole = archcalc.sweep(path, GRID).to_dict()
    for tasks in (2, 3, 4, 6, 12, 100):
        assert archcalc.sweep(path, GRID, tasks=tasks).to_dict() == whole


def test_chunks_cover_the_grid_in_order():
    axes = [("a", ["1", "2", "3"]), ("b", ["4", "5"]), ("c", ["6"])]
    chunks = _sweep._chunks(axes, 4)
    assert [prefix for prefix, _ in chunks] == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    assert chunks[3][1] == [("a", ["2"]), ("b", ["5"]), ("c", ["6"])]
    assert _sweep._chunks(axes, 1) == [((), axes)]


def test_more_points_than_one_call_takes():
    axes = [("a", ["1", "2", "3"]), ("b", [str(i) for i in range(5000)]), ("c", ["1", "2"])]
    chunks = _sweep._chunks(axes, 1)
    assert [prefix for prefix, _ in chunks] == [(0,), (1,), (2,)]
    assert all(len(sub[1][1]) == 5000 and len(sub[2][1]) == 2 for _, sub in chunks)
    # An axis longer than one call takes is cut into its single values.
    axes = [("a", ["1", "2"]), ("b", [str(i) for i in range(10001)])]
    chunks = _sweep._chunks(axes, 1)
    assert len(chunks) == 20002 and chunks[-1] == ((1, 10000), [("a", ["2"]), ("b", ["10000"])])


def test_dask_local_cluster_equals_one_process(arch, dask_client):
    path = arch("resnet18")
    grid = {"classes": [10, 100, 1000, 21841]}
    whole = archcalc.sweep(path, grid)
    spread = archcalc.sweep(path, grid, client=dask_client)
    assert spread.to_dict() == whole.to_dict()
    assert [p.totals.params for p in spread.points][2] == 11_689_512
    grid = {"reduce": [8, 16, 24], "n5": [16, 32], "pool_proj": [32, 64]}
    path = arch("modules/inception_reduced")
    assert (archcalc.sweep(path, grid, client=dask_client, tasks=5).to_dict()
            == archcalc.sweep(path, grid).to_dict())


def test_to_pandas(arch):
    s = archcalc.sweep(arch("modules/inception_reduced"), GRID)
    frame = s.to_pandas()
    assert list(frame.columns[:3]) == ["reduce", "n5", "pool_proj"]
    assert frame["macs"].tolist() == [p.totals.macs for p in s.points]
    assert frame.loc[0, "macs"] == 119_318_528
