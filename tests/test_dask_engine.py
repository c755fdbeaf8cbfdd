"""The Dask engine on a 2-worker LocalCluster builds the same store as the single-process build."""
from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from geokg.graph.build import build
from geokg.graph.store import EmbeddedStore
from geokg.ingest.parallel import get_extractor

pytest.importorskip("distributed")

from geokg.graph.dask_engine import build_with_dask  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.slow


def _quads(store: EmbeddedStore) -> set[bytes]:
    """Every quad of the store, as N-Quads lines (no blank nodes: lines compare as quads)."""
    out = io.BytesIO()
    store.export("nquads", out)
    return set(out.getvalue().splitlines())


def test_dask_build_equals_single_process_build(tmp_path: Path) -> None:
    inputs = [str(EXAMPLES), str(tmp_path / "missing.txt")]
    with EmbeddedStore(tmp_path / "single") as store:
        single = build(inputs, store, get_extractor())
    seen: list[object] = []
    dumps = tmp_path / "nquads"
    report = build_with_dask(inputs, tmp_path / "dask", partition_size=3, out_dir=dumps,
                             on_progress=lambda _report, item: seen.append(item))
    assert report.workers == 2 and report.partitions == 4
    assert (report.articles, report.triples, report.quads) == (single.articles, single.triples, single.quads)
    assert report.by_category == single.by_category
    assert [(s.path, s.reason) for s in report.skipped] == [(s.path, s.reason) for s in single.skipped]
    assert len(seen) == single.articles + len(single.skipped)
    assert sorted(p.name for p in dumps.glob("*.nq")) == [f"part-0000{i}.nq" for i in range(4)]

    with EmbeddedStore(tmp_path / "single") as a, EmbeddedStore(tmp_path / "dask") as b:
        assert a.stats() == b.stats()
        assert _quads(a) == _quads(b)
        # loading the same dumps again replaces the articles, it does not add to them
        from geokg.graph.dask_engine import PartitionResult, _load

        before = _quads(b)
        for path in report.nquads:
            graphs = {q.graph_name.value for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}
            ids = tuple(g.rsplit("/", 1)[-1] for g in graphs)
            _load(b, PartitionResult(0, str(path), ids, 0, 0, {}))
        b.rebuild_derived()  # what build_with_dask does after its last file
        assert _quads(b) == before


def test_missing_out_dir_without_store_is_a_user_error() -> None:
    from geokg.settings import UserError

    with pytest.raises(UserError, match="out_dir"):
        build_with_dask([str(EXAMPLES)], None)
