-- Frame validated by expectations/curated_talks.json: one row per curated.talks row plus its number of claims.
SELECT
    t.talk_id,
    t.start_date,
    t.end_date,
    t.location,
    COALESCE(c.claim_count, 0) AS claim_count
FROM curated.talks AS t
LEFT JOIN (
    SELECT fact_id, COUNT(*) AS claim_count
    FROM curated.claims
    WHERE fact_table = 'talks'
    GROUP BY fact_id
) AS c ON c.fact_id = t.talk_id
