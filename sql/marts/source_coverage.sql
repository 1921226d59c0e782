-- marts.source_coverage: what each source contributed, per publication day.
-- The source of an article is the domain of its URL (raw.articles.url, lower-cased, without
-- 'www.'); without a URL it is the file it landed in: the top folder of its path inside the
-- landing folder (landing/<source>/...), the parent folder for a file landed from outside it,
-- else the file name up to its first '_' (or '.'). source_kind says which rule applied.
CREATE OR REPLACE TABLE marts.source_coverage AS
WITH

articles AS (
    SELECT
        r.article_id,
        r.url,
        r.source_path,
        coalesce(p.published_date, r.published_date) AS published_day,
        lower(regexp_replace(
            regexp_extract(r.url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]+)', 1),
            '^www\.', ''))                             AS url_domain
    FROM raw.articles r
    LEFT JOIN parsed.articles p USING (article_id)
),

article_sources AS (
    SELECT
        article_id,
        published_day,
        CASE
            WHEN url_domain <> ''             THEN url_domain
            WHEN source_path LIKE '/%'         THEN regexp_extract(source_path, '([^/]+)/[^/]+$', 1)
            WHEN contains(source_path, '/')    THEN split_part(source_path, '/', 1)
            ELSE regexp_extract(source_path, '^([^_.]+)', 1)
        END AS source,
        CASE
            WHEN url_domain <> ''             THEN 'url'
            WHEN contains(source_path, '/')    THEN 'folder'
            ELSE 'file'
        END AS source_kind
    FROM articles
),

claims_per_article AS (
    SELECT article_id, count(*) AS claims
    FROM curated.claims
    GROUP BY article_id
),

-- from the report -> fact map, not from the facts' article_ids: a talk or plan reported by half
-- the corpus carries hundreds of thousands of ids in one list, and scanning those lists (with
-- the deleted versions of the rows) ran DuckDB out of its 512 MB at 1M articles
facts_touched AS (
    SELECT DISTINCT rtrim(m.fact_table, 's') AS fact_kind, m.fact_id, m.article_id
    FROM curated.report_facts m
    WHERE m.fact_id IN (SELECT strike_id FROM curated.strikes
                        UNION ALL SELECT talk_id FROM curated.talks
                        UNION ALL SELECT proposal_id FROM curated.proposals)
),

coverage_articles AS (
    SELECT
        a.source,
        a.source_kind,
        a.published_day,
        count(*)                             AS articles,
        coalesce(sum(c.claims), 0)::BIGINT   AS claims
    FROM article_sources a
    LEFT JOIN claims_per_article c USING (article_id)
    GROUP BY a.source, a.source_kind, a.published_day
),

coverage_facts AS (
    SELECT
        a.source,
        a.source_kind,
        a.published_day,
        count(DISTINCT f.fact_id) FILTER (WHERE f.fact_kind = 'strike')   AS strikes,
        count(DISTINCT f.fact_id) FILTER (WHERE f.fact_kind = 'talk')     AS talks,
        count(DISTINCT f.fact_id) FILTER (WHERE f.fact_kind = 'proposal') AS proposals
    FROM article_sources a
    JOIN facts_touched f USING (article_id)
    GROUP BY a.source, a.source_kind, a.published_day
),

final AS (
    SELECT
        a.source,
        a.source_kind,
        a.published_day,
        a.articles::INTEGER                   AS articles,
        a.claims,
        coalesce(f.strikes, 0)::INTEGER       AS strikes,
        coalesce(f.talks, 0)::INTEGER         AS talks,
        coalesce(f.proposals, 0)::INTEGER     AS proposals
    FROM coverage_articles a
    LEFT JOIN coverage_facts f
        ON f.source = a.source
       AND f.source_kind = a.source_kind
       AND f.published_day IS NOT DISTINCT FROM a.published_day
)

SELECT * FROM final
ORDER BY source, published_day NULLS LAST;

COMMENT ON TABLE marts.source_coverage IS 'One row per source and publication day: articles landed and the claims, strikes, talks and proposals they support. Source = the domain of raw.articles.url (lower-case, no www.), else the landing-folder file: its top folder (landing/<source>/...), the parent folder of a file landed from outside the folder, or the file name up to its first ''_'' or ''.''.';
COMMENT ON COLUMN marts.source_coverage.source IS 'URL domain (e.g. reuters.com) or, without a URL, the folder / file-name prefix the article landed under (see source_kind).';
COMMENT ON COLUMN marts.source_coverage.source_kind IS 'url (domain of raw.articles.url) | folder (folder of raw.articles.source_path) | file (file-name prefix up to the first ''_'' or ''.'').';
COMMENT ON COLUMN marts.source_coverage.published_day IS 'Publication date of the articles (parsed.articles.published_date, else raw.articles.published_date); NULL when unknown.';
COMMENT ON COLUMN marts.source_coverage.articles IS 'Distinct articles (raw.articles rows) from this source on this day.';
COMMENT ON COLUMN marts.source_coverage.claims IS 'curated.claims rows whose evidence comes from these articles.';
COMMENT ON COLUMN marts.source_coverage.strikes IS 'Distinct curated.strikes waves these articles report (a wave reported by several sources counts for each).';
COMMENT ON COLUMN marts.source_coverage.talks IS 'Distinct curated.talks meetings these articles report.';
COMMENT ON COLUMN marts.source_coverage.proposals IS 'Distinct curated.proposals plan versions these articles report.';
