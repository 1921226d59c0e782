-- marts.daily_strikes: one row per day and attacking side, from curated.strikes.
-- Waves without a day-precise date (event_date NULL: no year could be established, or only a
-- week/month is known) are left out: they cannot be placed on a day. They stay in curated.strikes.
CREATE OR REPLACE TABLE marts.daily_strikes AS
WITH

dated_strikes AS (
    SELECT *
    FROM curated.strikes
    WHERE event_date IS NOT NULL
),

-- The figures a rate may use: launched and intercepted both reported for the same wave, with
-- launched > 0. A wave that reports only one of the two would otherwise skew the rate (e.g. a
-- shoot-down tally without the launch total could push it above 1).
rate_pairs AS (
    SELECT
        event_date,
        attacker,
        CASE WHEN drones_launched > 0 AND drones_intercepted IS NOT NULL THEN drones_launched END      AS drones_launched_paired,
        CASE WHEN drones_launched > 0 AND drones_intercepted IS NOT NULL THEN drones_intercepted END   AS drones_intercepted_paired,
        CASE WHEN missiles_launched > 0 AND missiles_intercepted IS NOT NULL THEN missiles_launched END    AS missiles_launched_paired,
        CASE WHEN missiles_launched > 0 AND missiles_intercepted IS NOT NULL THEN missiles_intercepted END AS missiles_intercepted_paired
    FROM dated_strikes
),

daily_figures AS (
    SELECT
        event_date,
        attacker,
        count(*)::INTEGER                                  AS waves,
        sum(drones_launched)::BIGINT                       AS drones_launched,
        sum(drones_intercepted)::BIGINT                    AS drones_intercepted,
        sum(missiles_launched)::BIGINT                     AS missiles_launched,
        sum(missiles_intercepted)::BIGINT                  AS missiles_intercepted,
        sum(killed)::BIGINT                                AS killed,
        sum(injured)::BIGINT                               AS injured,
        len(list_distinct(flatten(list(article_ids))))::INTEGER AS sources
    FROM dated_strikes
    GROUP BY event_date, attacker
),

daily_rate_pairs AS (
    SELECT
        event_date,
        attacker,
        sum(drones_launched_paired)      AS drones_launched_paired,
        sum(drones_intercepted_paired)   AS drones_intercepted_paired,
        sum(missiles_launched_paired)    AS missiles_launched_paired,
        sum(missiles_intercepted_paired) AS missiles_intercepted_paired
    FROM rate_pairs
    GROUP BY event_date, attacker
),

daily_rates AS (
    SELECT
        event_date,
        attacker,
        drones_intercepted_paired / nullif(drones_launched_paired, 0)       AS drone_interception_rate,
        missiles_intercepted_paired / nullif(missiles_launched_paired, 0)   AS missile_interception_rate,
        (coalesce(drones_intercepted_paired, 0) + coalesce(missiles_intercepted_paired, 0))
            / nullif(coalesce(drones_launched_paired, 0) + coalesce(missiles_launched_paired, 0), 0)
                                                                            AS interception_rate
    FROM daily_rate_pairs
),

final AS (
    SELECT
        f.event_date,
        f.attacker,
        f.waves,
        f.drones_launched,
        f.drones_intercepted,
        r.drone_interception_rate::DOUBLE   AS drone_interception_rate,
        f.missiles_launched,
        f.missiles_intercepted,
        r.missile_interception_rate::DOUBLE AS missile_interception_rate,
        r.interception_rate::DOUBLE         AS interception_rate,
        f.killed,
        f.injured,
        f.sources
    FROM daily_figures f
    JOIN daily_rates r USING (event_date, attacker)
)

SELECT * FROM final
ORDER BY event_date, attacker;

COMMENT ON TABLE marts.daily_strikes IS 'One row per day and attacking side: the day''s drone/missile waves summed (from curated.strikes). Waves with a NULL event_date (no day-precise date, e.g. no year in the text) are excluded; they remain in curated.strikes.';
COMMENT ON COLUMN marts.daily_strikes.event_date IS 'Day of the waves (curated.strikes.event_date).';
COMMENT ON COLUMN marts.daily_strikes.attacker IS 'Side that launched the weapons (Russia | Ukraine).';
COMMENT ON COLUMN marts.daily_strikes.waves IS 'Number of waves (curated.strikes rows) that day.';
COMMENT ON COLUMN marts.daily_strikes.drones_launched IS 'Sum of drones launched over the waves that report it; NULL when none does.';
COMMENT ON COLUMN marts.daily_strikes.drones_intercepted IS 'Sum of drones intercepted over the waves that report it; NULL when none does.';
COMMENT ON COLUMN marts.daily_strikes.drone_interception_rate IS 'Drones intercepted / drones launched, over the waves reporting both with launched > 0 (so a tally without its launch total cannot skew it); NULL when there is no such wave.';
COMMENT ON COLUMN marts.daily_strikes.missiles_launched IS 'Sum of missiles launched over the waves that report it; NULL when none does.';
COMMENT ON COLUMN marts.daily_strikes.missiles_intercepted IS 'Sum of missiles intercepted over the waves that report it; NULL when none does.';
COMMENT ON COLUMN marts.daily_strikes.missile_interception_rate IS 'Missiles intercepted / missiles launched, over the waves reporting both with launched > 0; NULL when there is no such wave.';
COMMENT ON COLUMN marts.daily_strikes.interception_rate IS 'Drones and missiles together: intercepted / launched over the same wave-level pairs as the two rates above; NULL when neither has one.';
COMMENT ON COLUMN marts.daily_strikes.killed IS 'Sum of people killed over the waves that report it (exact figures only); NULL when none does.';
COMMENT ON COLUMN marts.daily_strikes.injured IS 'Sum of people injured over the waves that report it (exact figures only); NULL when none does.';
COMMENT ON COLUMN marts.daily_strikes.sources IS 'Distinct articles (raw.articles ids) reporting any of the day''s waves.';
