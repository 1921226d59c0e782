-- Question: Which plan versions cap Ukraine's army, and at what?
SELECT
    v.name,
    v.point_count,
    v.sponsors,
    v.first_reported,
    v.troop_cap,
    v.troop_cap_unit,
    (SELECT min(p.text) FROM curated.proposal_provisions p
     WHERE p.proposal_id = v.proposal_id AND p.category = 'troop_cap' AND p.value = v.troop_cap) AS evidence
FROM marts.proposal_versions v
WHERE v.troop_cap IS NOT NULL
ORDER BY v.first_reported NULLS LAST, v.name;
