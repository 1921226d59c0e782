"""curated group: analysts' fact tables, rebuilt from all per-article reports on every run
(consolidation needs every source of an event), each with its claims."""


import dagster as dg
import polars as pl

from orchestration.assets import parsed
from orchestration.metadata import insert_frame, table_metadata
from orchestration.resources import WarehouseResource
from transforms.consolidate import consolidate_proposals, consolidate_strikes, consolidate_talks, curated_claims

STRIKES = dg.AssetKey(["curated", "strikes"])
TALKS = dg.AssetKey(["curated", "talks"])
PROPOSALS = dg.AssetKey(["curated", "proposals"])
PROVISIONS = dg.AssetKey(["curated", "proposal_provisions"])
STANCES = dg.AssetKey(["curated", "stances"])
CLAIMS = dg.AssetKey(["curated", "claims"])
CURATED_TABLES = ("curated.strikes", "curated.talks", "curated.proposals", "curated.proposal_provisions",
                  "curated.stances", "curated.claims")


def replace_table(con, table: str, frame: pl.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    insert_frame(con, table, frame)


def build_curated(con) -> dict[str, pl.DataFrame]:
    """Consolidate every per-article report into curated frames (pure apart from the reads)."""
    claims = con.execute("SELECT * FROM parsed.report_claims").pl()
    strikes, strike_map = consolidate_strikes(con.execute("SELECT * FROM parsed.strike_reports").pl(), claims)
    talks, talk_map = consolidate_talks(con.execute("SELECT * FROM parsed.talk_reports").pl())
    published = dict(con.execute("SELECT article_id, published_date FROM parsed.articles").fetchall())
    proposals, proposal_map, provisions, stances = consolidate_proposals(
        con.execute("SELECT * FROM parsed.proposal_reports").pl(), claims, published)
    return {
        "curated.strikes": strikes, "curated.talks": talks, "curated.proposals": proposals,
        "curated.proposal_provisions": provisions, "curated.stances": stances,
        "curated.claims": curated_claims(claims, {"strikes": strike_map, "talks": talk_map, "proposals": proposal_map}),
    }


@dg.multi_asset(
    specs=[
        dg.AssetSpec(STRIKES, group_name="curated", deps=[parsed.STRIKE_REPORTS, parsed.REPORT_CLAIMS],
                     description="One row per drone/missile wave, consolidated across sources."),
        dg.AssetSpec(TALKS, group_name="curated", deps=[parsed.TALK_REPORTS, parsed.REPORT_CLAIMS],
                     description="One row per negotiation meeting at a known place."),
        dg.AssetSpec(PROPOSALS, group_name="curated", deps=[parsed.PROPOSAL_REPORTS, parsed.REPORT_CLAIMS],
                     description="One row per numbered peace plan version."),
        dg.AssetSpec(PROVISIONS, group_name="curated", deps=[parsed.PROPOSAL_REPORTS, parsed.REPORT_CLAIMS],
                     description="Provisions of each plan version (troop cap, territory, NATO, ...)."),
        dg.AssetSpec(STANCES, group_name="curated", deps=[parsed.PROPOSAL_REPORTS, parsed.REPORT_CLAIMS],
                     description="Each party's stance on a plan, with evidence."),
        dg.AssetSpec(CLAIMS, group_name="curated", deps=[parsed.REPORT_CLAIMS],
                     description="Every figure and fact behind curated rows, with its evidence sentence."),
    ],
)
def curated_facts(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Cross-source consolidation (transforms/consolidate.py documents the rules)."""
    with warehouse.connect(context.run.run_id) as con:
        frames = build_curated(con)
        con.execute("BEGIN")
        for table, frame in frames.items():
            replace_table(con, table, frame)
        con.execute("COMMIT")
        for key, table in zip((STRIKES, TALKS, PROPOSALS, PROVISIONS, STANCES, CLAIMS), CURATED_TABLES):
            yield dg.MaterializeResult(asset_key=key, metadata=table_metadata(con, table))
