-- marts.proposal_versions: every peace-plan version side by side, with its troop cap, its other
-- provisions and where the four main parties stand on it.
CREATE OR REPLACE TABLE marts.proposal_versions AS
WITH

proposals AS (
    SELECT proposal_id, name, point_count, sponsors, first_reported, status, source_count
    FROM curated.proposals
),

-- a version may state its cap more than once; the value stated most often wins, then the larger
troop_caps AS (
    SELECT proposal_id, value AS troop_cap, unit AS troop_cap_unit
    FROM curated.proposal_provisions
    WHERE category = 'troop_cap' AND value IS NOT NULL
    GROUP BY proposal_id, value, unit
    QUALIFY row_number() OVER (PARTITION BY proposal_id ORDER BY count(*) DESC, value DESC, unit) = 1
),

other_provisions AS (
    SELECT proposal_id, list_sort(list_distinct(list(category))) AS other_provisions
    FROM curated.proposal_provisions
    WHERE category <> 'troop_cap'
    GROUP BY proposal_id
),

party_stances AS (
    SELECT proposal_id, party, list_sort(list_distinct(list(stance))) AS stances
    FROM curated.stances
    GROUP BY proposal_id, party
),

stances_by_party AS (
    SELECT
        proposal_id,
        any_value(stances) FILTER (WHERE party = 'Ukraine')       AS ukraine_stance,
        any_value(stances) FILTER (WHERE party = 'Russia')        AS russia_stance,
        any_value(stances) FILTER (WHERE party = 'United States') AS united_states_stance,
        any_value(stances) FILTER (WHERE party = 'Europe')        AS europe_stance,
        list_sort(flatten(list([party || ': ' || s FOR s IN stances])
                          FILTER (WHERE party NOT IN ('Ukraine', 'Russia', 'United States', 'Europe'))))
                                                                  AS other_party_stances
    FROM party_stances
    GROUP BY proposal_id
),

final AS (
    SELECT
        p.proposal_id,
        p.name,
        p.point_count,
        p.sponsors,
        p.first_reported,
        p.status,
        c.troop_cap::BIGINT                                     AS troop_cap,
        c.troop_cap_unit,
        coalesce(o.other_provisions, []::VARCHAR[])             AS other_provisions,
        s.ukraine_stance,
        s.russia_stance,
        s.united_states_stance,
        s.europe_stance,
        coalesce(s.other_party_stances, []::VARCHAR[])          AS other_party_stances,
        p.source_count
    FROM proposals p
    LEFT JOIN troop_caps c USING (proposal_id)
    LEFT JOIN other_provisions o USING (proposal_id)
    LEFT JOIN stances_by_party s USING (proposal_id)
)

SELECT * FROM final
ORDER BY first_reported NULLS LAST, point_count DESC NULLS LAST, name;

COMMENT ON TABLE marts.proposal_versions IS 'One row per peace-plan version (curated.proposals) side by side: size, sponsors, troop cap, other provision categories and each main party''s stance(s). Evidence sentences are in curated.proposal_provisions and curated.stances.';
COMMENT ON COLUMN marts.proposal_versions.proposal_id IS 'curated.proposals.proposal_id.';
COMMENT ON COLUMN marts.proposal_versions.name IS 'Version name, e.g. ''28-point plan''.';
COMMENT ON COLUMN marts.proposal_versions.point_count IS 'Number of points of this version.';
COMMENT ON COLUMN marts.proposal_versions.sponsors IS 'Countries that drafted or back the plan.';
COMMENT ON COLUMN marts.proposal_versions.first_reported IS 'Earliest publication date of an article reporting it.';
COMMENT ON COLUMN marts.proposal_versions.status IS 'Latest reported status (proposed | revised | ...).';
COMMENT ON COLUMN marts.proposal_versions.troop_cap IS 'Cap on Ukraine''s armed forces the version states (provision troop_cap); the value stated most often, then the larger; NULL when it states none.';
COMMENT ON COLUMN marts.proposal_versions.troop_cap_unit IS 'Unit of troop_cap (personnel).';
COMMENT ON COLUMN marts.proposal_versions.other_provisions IS 'Distinct categories of its other provisions (territory, nato, security_guarantees, ...), sorted; empty when none.';
COMMENT ON COLUMN marts.proposal_versions.ukraine_stance IS 'Distinct stances Ukraine is reported to take on it (supports | rejects | conditional | reviewing), sorted; several when sources or moments differ; NULL when none reported.';
COMMENT ON COLUMN marts.proposal_versions.russia_stance IS 'Distinct stances Russia is reported to take on it, sorted; NULL when none reported.';
COMMENT ON COLUMN marts.proposal_versions.united_states_stance IS 'Distinct stances the United States is reported to take on it, sorted; NULL when none reported.';
COMMENT ON COLUMN marts.proposal_versions.europe_stance IS 'Distinct stances Europe (EU, E3, European leaders) is reported to take on it, sorted; NULL when none reported.';
COMMENT ON COLUMN marts.proposal_versions.other_party_stances IS 'Stances of any other party as ''party: stance'' (e.g. ''China: supports''), sorted; empty when none.';
COMMENT ON COLUMN marts.proposal_versions.source_count IS 'Number of distinct articles reporting the plan.';
