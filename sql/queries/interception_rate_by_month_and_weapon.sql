-- Question: What share of drones and missiles was intercepted, by month and weapon?
-- Per attacking side (Russia's waves on Ukraine, Ukraine's on Russia).
-- One row per month, attacker, category and model. A wave naming several models counts for each (see the
-- comment on marts.interception_by_weapon); the 'all models' rows give the category totals.
WITH per_model AS (
    SELECT month, attacker, weapon_category, weapon_model, waves, launched, intercepted, interception_rate
    FROM marts.interception_by_weapon
),
per_category AS (
    SELECT
        date_trunc('month', event_date)::DATE AS month,
        attacker,
        category                              AS weapon_category,
        'all models'                          AS weapon_model,
        count(*)::INTEGER                     AS waves,
        sum(launched)::BIGINT                 AS launched,
        sum(intercepted)::BIGINT              AS intercepted,
        (sum(intercepted) FILTER (WHERE launched > 0 AND intercepted IS NOT NULL)
            / nullif(sum(launched) FILTER (WHERE launched > 0 AND intercepted IS NOT NULL), 0))::DOUBLE
                                              AS interception_rate
    FROM (
        SELECT event_date, attacker, 'drone' AS category, drones_launched AS launched, drones_intercepted AS intercepted
        FROM curated.strikes WHERE drones_launched IS NOT NULL OR drones_intercepted IS NOT NULL
        UNION ALL
        SELECT event_date, attacker, 'missile', missiles_launched, missiles_intercepted
        FROM curated.strikes WHERE missiles_launched IS NOT NULL OR missiles_intercepted IS NOT NULL
    ) figures
    WHERE event_date IS NOT NULL
    GROUP BY ALL
)
SELECT month, attacker, weapon_category, weapon_model, waves, launched, intercepted,
       round(interception_rate, 3) AS interception_rate
FROM (SELECT * FROM per_category UNION ALL SELECT * FROM per_model)
ORDER BY month, attacker, weapon_category, weapon_model = 'all models' DESC, launched DESC NULLS LAST, weapon_model;
