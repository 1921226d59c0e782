"""publish group: the finished, validated working copy becomes the snapshot analysts open."""


import dagster as dg

from orchestration.assets import curated, marts
from orchestration.resources import WarehouseResource


@dg.asset(
    key=dg.AssetKey(["warehouse", "snapshot"]),
    deps=[curated.STRIKES, curated.TALKS, curated.PROPOSALS, curated.PROVISIONS, curated.STANCES, curated.CLAIMS, *marts.MART_KEYS],
    group_name="publish",
)
def published_snapshot(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Atomically replaces the DuckDB file analysts read with this run's working copy. Runs only
    after every blocking check on the curated tables has passed, so analysts never see a state
    that failed validation, and a run in progress never locks them out."""
    path = warehouse.publish(context.run.run_id)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)),
                                          "size_bytes": dg.MetadataValue.int(path.stat().st_size)})
