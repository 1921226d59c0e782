-- marts.strikes_around_talks: for every meeting with a start date, the strikes in three windows:
-- the 3 days before it, the meeting itself (start..end) and the 3 days after it.
-- Each meeting is measured on its own: a wave inside the windows of two meetings counts for both.
-- Only waves with an event_date can be placed in a window.
CREATE OR REPLACE TABLE marts.strikes_around_talks AS
WITH

meetings AS (
    SELECT
        talk_id,
        location,
        start_date,
        coalesce(end_date, start_date) AS end_date,
        outcome
    FROM curated.talks
    WHERE start_date IS NOT NULL
),

periods AS (
    SELECT * FROM (VALUES (1, 'before'), (2, 'during'), (3, 'after')) AS p(period_order, period)
),

meeting_windows AS (
    SELECT
        m.*,
        p.period_order,
        p.period,
        CASE p.period WHEN 'before' THEN m.start_date - 3
                      WHEN 'during' THEN m.start_date
                      ELSE m.end_date + 1 END AS window_start,
        CASE p.period WHEN 'before' THEN m.start_date - 1
                      WHEN 'during' THEN m.end_date
                      ELSE m.end_date + 3 END AS window_end
    FROM meetings m
    CROSS JOIN periods p
),

dated_strikes AS (
    SELECT strike_id, event_date, drones_launched, missiles_launched, killed
    FROM curated.strikes
    WHERE event_date IS NOT NULL
),

window_strikes AS (
    SELECT
        w.talk_id,
        w.period,
        count(s.strike_id)          AS waves,
        sum(s.drones_launched)      AS drones_launched,
        sum(s.missiles_launched)    AS missiles_launched,
        sum(s.killed)               AS killed
    FROM meeting_windows w
    LEFT JOIN dated_strikes s ON s.event_date BETWEEN w.window_start AND w.window_end
    GROUP BY w.talk_id, w.period
),

final AS (
    SELECT
        w.talk_id,
        w.location,
        w.start_date,
        w.end_date,
        w.outcome,
        w.period,
        w.window_start,
        w.window_end,
        (w.window_end - w.window_start + 1)::INTEGER                                  AS window_days,
        s.waves::INTEGER                                                              AS waves,
        CASE WHEN s.waves = 0 THEN 0 ELSE s.drones_launched END::BIGINT               AS drones_launched,
        CASE WHEN s.waves = 0 THEN 0 ELSE s.missiles_launched END::BIGINT             AS missiles_launched,
        CASE WHEN s.waves = 0 THEN 0 ELSE s.killed END::BIGINT                        AS killed
    FROM meeting_windows w
    JOIN window_strikes s USING (talk_id, period)
)

SELECT * FROM final
ORDER BY start_date, location, talk_id, (CASE period WHEN 'before' THEN 1 WHEN 'during' THEN 2 ELSE 3 END);

COMMENT ON TABLE marts.strikes_around_talks IS 'Three rows per meeting with a start date (curated.talks): the waves in the 3 days before it, during it (start_date..end_date) and in the 3 days after it. Each meeting is measured on its own, so a wave near two meetings counts for both; waves with a NULL event_date cannot be placed and are not counted.';
COMMENT ON COLUMN marts.strikes_around_talks.talk_id IS 'curated.talks.talk_id of the meeting.';
COMMENT ON COLUMN marts.strikes_around_talks.location IS 'City of the meeting.';
COMMENT ON COLUMN marts.strikes_around_talks.start_date IS 'First day of the meeting.';
COMMENT ON COLUMN marts.strikes_around_talks.end_date IS 'Last day of the meeting (start_date when curated.talks has no end_date).';
COMMENT ON COLUMN marts.strikes_around_talks.outcome IS 'held | scheduled (curated.talks.outcome).';
COMMENT ON COLUMN marts.strikes_around_talks.period IS 'before (start_date-3 .. start_date-1) | during (start_date .. end_date) | after (end_date+1 .. end_date+3).';
COMMENT ON COLUMN marts.strikes_around_talks.window_start IS 'First day of the window (inclusive).';
COMMENT ON COLUMN marts.strikes_around_talks.window_end IS 'Last day of the window (inclusive).';
COMMENT ON COLUMN marts.strikes_around_talks.window_days IS 'Days in the window (3 before and after; the meeting''s length during), to compare windows per day.';
COMMENT ON COLUMN marts.strikes_around_talks.waves IS 'Waves (curated.strikes rows, either attacker) whose event_date falls in the window.';
COMMENT ON COLUMN marts.strikes_around_talks.drones_launched IS 'Sum of drones launched by those waves; 0 when the window has no wave, NULL when its waves report no figure.';
COMMENT ON COLUMN marts.strikes_around_talks.missiles_launched IS 'Sum of missiles launched by those waves; 0 when the window has no wave, NULL when its waves report no figure.';
COMMENT ON COLUMN marts.strikes_around_talks.killed IS 'Sum of people killed in those waves; 0 when the window has no wave, NULL when its waves report no figure.';
