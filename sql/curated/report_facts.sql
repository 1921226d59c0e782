CREATE TABLE IF NOT EXISTS curated.report_facts (
    fact_table VARCHAR   NOT NULL,   -- strikes | talks | proposals
    article_id VARCHAR   NOT NULL,
    report_key VARCHAR   NOT NULL,
    fact_id    VARCHAR   NOT NULL,
    links      BIGINT[]  NOT NULL   -- ids of the candidate groups the report was consolidated in
);
-- unique key: fact_table, article_id, report_key
COMMENT ON TABLE curated.report_facts IS 'Which curated fact each per-article report (parsed.*_reports) was consolidated into, and the candidate groups it could merge through: a run re-consolidates only the facts that new or re-extracted reports can reach.';
COMMENT ON COLUMN curated.report_facts.fact_table IS 'strikes | talks | proposals.';
COMMENT ON COLUMN curated.report_facts.article_id IS 'Article of the report.';
COMMENT ON COLUMN curated.report_facts.report_key IS 'Per-article event key (parsed.*_reports.report_key).';
COMMENT ON COLUMN curated.report_facts.fact_id IS 'strike_id, talk_id or proposal_id the report belongs to (also for quarantined rows).';
COMMENT ON COLUMN curated.report_facts.links IS 'Hashed merge keys (strikes: attacker + month-day + exact figure, attacker + day; talks: place; proposals: plan name). Reports sharing no key, even through other reports, never change each other''s rows.';
