-- marts.interception_by_weapon: launched / intercepted per attacker, weapon category, weapon model
-- and month.
-- Reads `reference_weapons` (weapon_model, category), which orchestration/assets/marts.py registers
-- from seeds/reference/weapons.csv before running this file: a model's category (drone | missile)
-- comes from the gazetteer. Guided bombs (category 'bomb') have no launched/intercepted figures and
-- are left out, as are waves with a NULL event_date (no month).
-- A wave naming several models of one category counts in full for EACH of them (the text does not
-- split the figures by model), so rows of one category and month do not add up to its total.
-- A wave with figures for a category but no model of it named counts under 'unspecified'.
CREATE OR REPLACE TABLE marts.interception_by_weapon AS
WITH

weapon_categories AS (
    SELECT DISTINCT weapon_model, category AS weapon_category
    FROM reference_weapons
    WHERE category IN ('drone', 'missile')
),

dated_strikes AS (
    SELECT
        strike_id,
        attacker,
        date_trunc('month', event_date)::DATE AS month,
        weapons,
        drones_launched,
        drones_intercepted,
        missiles_launched,
        missiles_intercepted
    FROM curated.strikes
    WHERE event_date IS NOT NULL
),

-- one row per wave and category: the wave's figures for that category
wave_figures AS (
    SELECT strike_id, attacker, month, 'drone' AS weapon_category,
           drones_launched AS launched, drones_intercepted AS intercepted
    FROM dated_strikes
    UNION ALL
    SELECT strike_id, attacker, month, 'missile' AS weapon_category,
           missiles_launched AS launched, missiles_intercepted AS intercepted
    FROM dated_strikes
),

named_models AS (
    SELECT DISTINCT s.strike_id, c.weapon_category, c.weapon_model
    FROM (SELECT strike_id, unnest(weapons) AS weapon_model FROM dated_strikes) s
    JOIN weapon_categories c USING (weapon_model)
),

-- each named model, plus 'unspecified' for figures whose category names no model
wave_models AS (
    SELECT strike_id, weapon_category, weapon_model FROM named_models
    UNION ALL
    SELECT f.strike_id, f.weapon_category, 'unspecified' AS weapon_model
    FROM wave_figures f
    WHERE (f.launched IS NOT NULL OR f.intercepted IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM named_models n
                      WHERE n.strike_id = f.strike_id AND n.weapon_category = f.weapon_category)
),

model_figures AS (
    SELECT
        f.month,
        f.attacker,
        m.weapon_category,
        m.weapon_model,
        f.strike_id,
        f.launched,
        f.intercepted,
        CASE WHEN f.launched > 0 AND f.intercepted IS NOT NULL THEN f.launched END    AS launched_paired,
        CASE WHEN f.launched > 0 AND f.intercepted IS NOT NULL THEN f.intercepted END AS intercepted_paired
    FROM wave_models m
    JOIN wave_figures f USING (strike_id, weapon_category)
),

final AS (
    SELECT
        month,
        attacker,
        weapon_category,
        weapon_model,
        count(DISTINCT strike_id)::INTEGER                                    AS waves,
        sum(launched)::BIGINT                                                 AS launched,
        sum(intercepted)::BIGINT                                              AS intercepted,
        (sum(intercepted_paired) / nullif(sum(launched_paired), 0))::DOUBLE   AS interception_rate
    FROM model_figures
    GROUP BY month, attacker, weapon_category, weapon_model
)

SELECT * FROM final
ORDER BY month, attacker, weapon_category, weapon_model;

COMMENT ON TABLE marts.interception_by_weapon IS 'Launched, intercepted and interception rate per month, attacking side, weapon category (drone | missile) and weapon model named in curated.strikes.weapons. A wave naming several models of a category counts in full for each of them, so rows do not add up to a category total; figures naming no model of their category count under ''unspecified''. Waves with a NULL event_date and guided bombs are excluded.';
COMMENT ON COLUMN marts.interception_by_weapon.month IS 'First day of the month of the waves'' event_date.';
COMMENT ON COLUMN marts.interception_by_weapon.attacker IS 'Side that launched the weapons (Russia | Ukraine).';
COMMENT ON COLUMN marts.interception_by_weapon.weapon_category IS 'drone | missile (category of the model in seeds/reference/weapons.csv).';
COMMENT ON COLUMN marts.interception_by_weapon.weapon_model IS 'Canonical weapon name from curated.strikes.weapons (generic names such as ''drone'' or ''ballistic missile'' included); ''unspecified'' when the wave names no model of this category.';
COMMENT ON COLUMN marts.interception_by_weapon.waves IS 'Waves of the month naming this model (or, for ''unspecified'', reporting figures for the category without a model).';
COMMENT ON COLUMN marts.interception_by_weapon.launched IS 'Sum of the waves'' launched figure for this category (drones_launched or missiles_launched); NULL when none reports it.';
COMMENT ON COLUMN marts.interception_by_weapon.intercepted IS 'Sum of the waves'' intercepted figure for this category; NULL when none reports it.';
COMMENT ON COLUMN marts.interception_by_weapon.interception_rate IS 'Intercepted / launched over the waves reporting both with launched > 0; NULL when there is no such wave.';
