-- Frame validated by expectations/curated_claims.json.
SELECT
    claim_id,
    fact_table,
    fact_id,
    field,
    value_num,
    evidence
FROM curated.claims
ORDER BY claim_id
