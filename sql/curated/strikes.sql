CREATE TABLE IF NOT EXISTS curated.strikes (
    strike_id            VARCHAR PRIMARY KEY,
    event_date           DATE,
    date_precision       VARCHAR NOT NULL,
    attacker             VARCHAR NOT NULL,
    target_country       VARCHAR,
    drones_launched      INTEGER,
    missiles_launched    INTEGER,
    drones_intercepted   INTEGER,
    missiles_intercepted INTEGER,
    killed               INTEGER,
    injured              INTEGER,
    weapons              VARCHAR[],
    locations            VARCHAR[],
    targets              VARCHAR[],
    source_count         INTEGER NOT NULL,
    article_ids          VARCHAR[] NOT NULL
);
COMMENT ON TABLE curated.strikes IS 'One row per drone/missile attack wave, consolidated across every article that reports it. Figures are exact (NULL when only approximate or unknown); every figure has claims in curated.claims.';
COMMENT ON COLUMN curated.strikes.strike_id IS 'Stable id of the wave (hash of attacker, date and first report).';
COMMENT ON COLUMN curated.strikes.event_date IS 'Day of the attack (an overnight wave takes the morning''s date); NULL when no year can be established.';
COMMENT ON COLUMN curated.strikes.date_precision IS 'day | week | month | unknown.';
COMMENT ON COLUMN curated.strikes.attacker IS 'Side that launched the weapons (Russia | Ukraine). A defence ministry''s shoot-down report is the other side''s attack.';
COMMENT ON COLUMN curated.strikes.target_country IS 'Country attacked.';
COMMENT ON COLUMN curated.strikes.drones_launched IS 'Drones launched (exact figure; NULL if unknown or only approximate).';
COMMENT ON COLUMN curated.strikes.missiles_launched IS 'Missiles launched (exact).';
COMMENT ON COLUMN curated.strikes.drones_intercepted IS 'Drones shot down, destroyed, suppressed or jammed by air defence (exact).';
COMMENT ON COLUMN curated.strikes.missiles_intercepted IS 'Missiles shot down (exact).';
COMMENT ON COLUMN curated.strikes.killed IS 'People killed (exact; ''at least N'' counts as N).';
COMMENT ON COLUMN curated.strikes.injured IS 'People injured / wounded / hurt (exact; ''at least N'' counts as N).';
COMMENT ON COLUMN curated.strikes.weapons IS 'Weapon models or types named (canonical).';
COMMENT ON COLUMN curated.strikes.locations IS 'Places struck or where weapons were downed (canonical names from seeds/reference/places.csv); launch sites excluded.';
COMMENT ON COLUMN curated.strikes.targets IS 'Kinds of target hit (energy, railway, residential, port, ...).';
COMMENT ON COLUMN curated.strikes.source_count IS 'Number of distinct articles reporting the wave.';
COMMENT ON COLUMN curated.strikes.article_ids IS 'raw.articles ids of those articles.';
