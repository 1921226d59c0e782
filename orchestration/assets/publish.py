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
    that failed validation, and a run in progress never locks them out. A run in which no step
    had anything to write has no working copy: the snapshot is already current and stays as it is."""
    files = warehouse.files
    replaced = files.has_workspace(context.run.run_id) or not files.published.exists()
    path = warehouse.publish(context.run.run_id)
    if not replaced:
        context.log.info("nothing in this run changed the warehouse: the published snapshot is already current")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(path)),
        "size_bytes": dg.MetadataValue.int(path.stat().st_size),
        "snapshot": dg.MetadataValue.text("replaced by this run's working copy" if replaced else
                                          "already current: nothing in this run changed the warehouse, nothing copied"),
        "replaced": dg.MetadataValue.bool(replaced),
    })
