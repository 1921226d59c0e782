-- Question: Which were the largest attack waves (drones and missiles launched together)?
SELECT
    event_date,
    attacker,
    target_country,
    drones_launched,
    missiles_launched,
    coalesce(drones_launched, 0) + coalesce(missiles_launched, 0) AS launched,
    drones_intercepted,
    missiles_intercepted,
    killed,
    injured,
    weapons,
    source_count
FROM curated.strikes
WHERE drones_launched IS NOT NULL OR missiles_launched IS NOT NULL
ORDER BY launched DESC, event_date NULLS LAST, attacker
LIMIT 10;
