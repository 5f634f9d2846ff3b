"""Shared fixtures: the repository's networks and a local Dask cluster."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def arch():
    """arch("vgg16") → the path of architectures/vgg16.yaml, as a str."""
    return lambda name: str(ROOT / "architectures" / f"{name}.yaml")


@pytest.fixture(scope="session")
def dask_client():
    """A local Dask cluster of 2 single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client
