-- Frame validated by expectations/curated_strikes.json: one row per curated.strikes row
-- (row multiplicity preserved, so duplicate ids stay visible) plus its number of claims.
-- List columns are left out: the suite does not check them.
SELECT
    s.strike_id,
    s.event_date,
    s.date_precision,
    s.attacker,
    s.drones_launched,
    s.missiles_launched,
    s.drones_intercepted,
    s.missiles_intercepted,
    s.killed,
    s.injured,
    COALESCE(c.claim_count, 0) AS claim_count
FROM curated.strikes AS s
LEFT JOIN (
    SELECT fact_id, COUNT(*) AS claim_count
    FROM curated.claims
    WHERE fact_table = 'strikes'
    GROUP BY fact_id
) AS c ON c.fact_id = s.strike_id
