-- Question: Which people attended the most meetings?
-- Counts meetings in curated.talks (held or scheduled) listing the person as a participant.
SELECT
    person,
    count(DISTINCT talk_id)::INTEGER                                  AS meetings,
    count(DISTINCT talk_id) FILTER (WHERE outcome = 'held')::INTEGER AS held,
    min(start_date)                                                   AS first_meeting,
    max(start_date)                                                   AS last_meeting,
    list_sort(list_distinct(list(location)))                          AS locations
FROM (SELECT talk_id, outcome, start_date, location, unnest(participants) AS person FROM curated.talks)
GROUP BY person
ORDER BY meetings DESC, person
LIMIT 20;
