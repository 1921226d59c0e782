-- Question: Which figures are disputed between sources?
-- Same fact and field, different exact values (value_num) across its claims. The curated table
-- keeps one of them (an attributed figure first, then the one more sources report, then the larger).
WITH exact_claims AS (
    SELECT fact_table, fact_id, field, value_num, article_id, claimant
    FROM curated.claims
    WHERE value_num IS NOT NULL
),
disputed AS (
    SELECT
        fact_table,
        fact_id,
        field,
        list_sort(list_distinct(list(value_num)))               AS values,
        count(*)::INTEGER                                        AS claims,
        count(DISTINCT article_id)::INTEGER                      AS articles,
        list_sort(list_distinct(list(claimant) FILTER (WHERE claimant IS NOT NULL))) AS claimants
    FROM exact_claims
    GROUP BY fact_table, fact_id, field
    HAVING count(DISTINCT value_num) > 1
),
facts AS (
    SELECT 'strikes' AS fact_table, strike_id AS fact_id,
           attacker || ' attack, ' || coalesce(event_date::VARCHAR, 'date unknown') AS fact
    FROM curated.strikes
    UNION ALL
    SELECT 'talks', talk_id, location || ' talks, ' || coalesce(start_date::VARCHAR, 'date unknown') FROM curated.talks
    UNION ALL
    SELECT 'proposals', proposal_id, name FROM curated.proposals
)
SELECT d.fact_table, d.fact_id, f.fact, d.field, d.values, d.claims, d.articles, d.claimants
FROM disputed d
LEFT JOIN facts f USING (fact_table, fact_id)
ORDER BY d.fact_table, f.fact, d.field;
