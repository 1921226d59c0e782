-- Frame validated by expectations/curated_claims.json.
-- No ORDER BY: every expectation is order-independent, and the check fingerprints and streams
-- the rows without sorting them (orchestration/validation.py).
SELECT
    claim_id,
    fact_table,
    fact_id,
    field,
    value_num,
    evidence
FROM curated.claims
