-- Question: Are there more strikes on negotiation days than on other days?
-- Negotiation day = a day between start_date and end_date of any meeting in curated.talks (held or
-- scheduled). Every calendar day from the first to the last dated wave or meeting is counted once,
-- as one kind or the other; waves with a NULL event_date cannot be placed and are left out.
-- Days without a reported wave count as days without strikes: coverage is only as good as the corpus.
WITH dated AS (
    SELECT event_date AS day FROM curated.strikes WHERE event_date IS NOT NULL
    UNION ALL
    SELECT start_date FROM curated.talks WHERE start_date IS NOT NULL
    UNION ALL
    SELECT end_date FROM curated.talks WHERE end_date IS NOT NULL
),
days AS (
    SELECT unnest(generate_series(min(day), max(day), INTERVAL 1 DAY))::DATE AS day FROM dated
),
negotiation_days AS (
    SELECT DISTINCT unnest(generate_series(start_date, coalesce(end_date, start_date), INTERVAL 1 DAY))::DATE AS day
    FROM curated.talks
    WHERE start_date IS NOT NULL
),
daily_strikes AS (
    SELECT event_date AS day,
           count(*)                                                            AS waves,
           sum(coalesce(drones_launched, 0) + coalesce(missiles_launched, 0)) AS launched,
           sum(coalesce(killed, 0))                                            AS killed
    FROM curated.strikes
    WHERE event_date IS NOT NULL
    GROUP BY event_date
),
classified AS (
    SELECT
        CASE WHEN n.day IS NOT NULL THEN 'negotiation day' ELSE 'other day' END AS day_kind,
        coalesce(s.waves, 0)    AS waves,
        coalesce(s.launched, 0) AS launched,
        coalesce(s.killed, 0)   AS killed
    FROM days d
    LEFT JOIN negotiation_days n USING (day)
    LEFT JOIN daily_strikes s USING (day)
),
day_kinds AS (
    SELECT * FROM (VALUES ('negotiation day'), ('other day')) AS k(day_kind)
)
SELECT
    k.day_kind,
    count(c.day_kind)::INTEGER                           AS days,
    count(c.day_kind) FILTER (WHERE c.waves > 0)::INTEGER AS days_with_strikes,
    coalesce(sum(c.waves), 0)::INTEGER                   AS waves,
    coalesce(sum(c.launched), 0)::BIGINT                 AS launched,
    coalesce(sum(c.killed), 0)::BIGINT                   AS killed,
    round(sum(c.waves) / nullif(count(c.day_kind), 0), 2)    AS waves_per_day,
    round(sum(c.launched) / nullif(count(c.day_kind), 0), 1) AS launched_per_day
FROM day_kinds k
LEFT JOIN classified c USING (day_kind)
GROUP BY k.day_kind
ORDER BY k.day_kind;
