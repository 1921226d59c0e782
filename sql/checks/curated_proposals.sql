-- Frame validated by expectations/curated_proposals.json: one row per curated.proposals row plus its number of claims.
SELECT
    p.proposal_id,
    p.name,
    p.point_count,
    COALESCE(c.claim_count, 0) AS claim_count
FROM curated.proposals AS p
LEFT JOIN (
    SELECT fact_id, COUNT(*) AS claim_count
    FROM curated.claims
    WHERE fact_table = 'proposals'
    GROUP BY fact_id
) AS c ON c.fact_id = p.proposal_id
