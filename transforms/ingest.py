"""Read one landed file and say what it holds.

`read_landed_file` never raises for bad input: every problem becomes a ``rejected`` outcome with a
reason a person can act on ("empty file (0 bytes)", "binary content (NUL bytes in 41% of the first
8 KiB)", "invalid JSON at line 3: Expecting ',' delimiter; 2 other records loaded", ...).
Whether a loaded file is a *duplicate* is decided later against the ledger, not here.

Record text is kept as decoded, except for transport details: a byte-order mark, NUL bytes and
``\\r\\n``/``\\r`` line endings are normalised away and outer whitespace is stripped. HTML is reduced
to its main text with one line per paragraph/heading/list item.

No Dagster here (transforms/ is orchestration-free).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ArticleRecord",
    "FileOutcome",
    "article_id_for",
    "normalise_for_id",
    "parse_published",
    "read_landed_file",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson")

_SAMPLE = 8192  # bytes inspected for the binary-content check
_NUL_BINARY_RATIO = 0.10  # >= 10% NUL bytes (and not UTF-16) -> binary
_CTRL_BINARY_RATIO = 0.05  # >= 5% other control bytes -> binary


@dataclass(frozen=True)
class ArticleRecord:
    title: str | None
    url: str | None
    published: date | None
    text: str
    record_index: int  # 0 for single-article files, line (0-based) / array index for json(l)


@dataclass(frozen=True)
class FileOutcome:
    source_path: str
    content_hash: str  # sha256 hex of the raw bytes ("" when the bytes could not be read)
    status: str  # 'loaded' | 'rejected'
    reason: str | None  # why rejected, or what was skipped in a loaded file; None when clean
    records: list[ArticleRecord]
    size_bytes: int
    encoding: str | None = None  # codec used to decode ('utf-8', 'utf-8-sig', 'utf-16', 'cp1252', ...)
    notes: tuple[str, ...] = field(default=())  # harmless repairs, e.g. "stripped 3 NUL bytes"

    @property
    def loaded(self) -> bool:
        return self.status == "loaded"


# ---------------------------------------------------------------------------------------------
# identity


def normalise_for_id(text: str) -> str:
    """NFC, ``\\r\\n`` -> ``\\n``, stripped: the form whose sha256 is the article id."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def article_id_for(record: ArticleRecord) -> str:
    """sha256 hex of the normalised text: the same article under another file name has the same id."""
    return hashlib.sha256(normalise_for_id(record.text).encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------------------------
# small helpers


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _human_size(n: int) -> str:
    for unit, scale in (("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)):
        if n >= scale:
            return f"{n / scale:.1f} {unit} ({n:,} bytes)"
    return _plural(n, "byte")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_WS_RUN = re.compile(r"\s+")


def _clean_text(text: str) -> str:
    """Transport-level normalisation of record text (see module docstring)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    if _LONE_SURROGATE.search(text):  # only possible from JSON "\udxxx" escapes
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text.strip()


def _clean_field(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    value = _WS_RUN.sub(" ", _LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))).strip()
    return value or None


# ---------------------------------------------------------------------------------------------
# dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_])")
_MONTH_WORD = r"([A-Za-z]{3,9})\.?"
_DMY = re.compile(r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_WORD + r",?\s+(\d{4})\b")
_MDY = re.compile(r"^(?:[A-Za-z]+,?\s+)?" + _MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month(word: str) -> int | None:
    w = word.lower()
    if w == "sept":
        return 9
    n = _MONTHS.get(w[:3])
    if n is None:
        return None
    return n if date(2000, n, 1).strftime("%B").lower().startswith(w) else None


def parse_published(value: Any) -> date | None:
    """Best-effort publication date: ISO dates/datetimes, '6 Dec 2025', 'December 6, 2025', epoch
    numbers; other phrasings go to dateparser. The calendar date is taken as written (no UTC shift).
    Returns None when nothing sensible parses."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        try:
            seconds = value / 1000 if value > 100_000_000_000 else value
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip().strip("\"'").strip()
    if not s or len(s) > 100:
        return None
    m = _ISO_DATE.match(s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.match(s)
    if m and (mon := _month(m.group(2))):
        return _safe_date(int(m.group(3)), mon, int(m.group(1)))
    m = _MDY.match(s)
    if m and (mon := _month(m.group(1))):
        return _safe_date(int(m.group(3)), mon, int(m.group(2)))
    try:  # lazy: dateparser is slow to import
        import dateparser

        parsed = dateparser.parse(
            s, settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
        )
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None


# ---------------------------------------------------------------------------------------------
# decoding

_CTRL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 0, 27)) + b"\x7f"
_DELETE_ALL_BUT_CTRL = bytes(b for b in range(256) if b not in _CTRL_BYTES)
_CTRL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_DELETE_ALL_BUT_HIGH = bytes(range(128))

# single-byte and legacy codecs worth considering when a file is not UTF-8 (no EBCDIC/DOS oddities)
_CANDIDATE_CODECS = [
    "cp1252", "cp1251", "cp1250", "latin_1", "iso8859_15", "iso8859_2", "iso8859_5", "koi8_r", "koi8_u",
    "mac_cyrillic", "cp866", "cp1253", "cp1254", "cp1257", "gb18030", "big5", "shift_jis", "euc_jp",
    "euc_kr",
]
_PREFERRED = ["cp1252", "cp1251", "cp1250", "koi8_u", "koi8_r", "latin_1", "iso8859_15"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


class _Reject(Exception):
    """Internal: carries a rejection reason."""


def _binary_reason(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    where = "the first 8 KiB" if len(data) > _SAMPLE else "the file"
    nul = sample.count(0) / len(sample)
    if nul >= _NUL_BINARY_RATIO:
        return f"binary content (NUL bytes in {nul:.0%} of {where})"
    ctrl = len(sample.translate(None, _DELETE_ALL_BUT_CTRL)) / len(sample)
    if ctrl >= _CTRL_BINARY_RATIO:
        return f"binary content (control bytes make up {ctrl:.0%} of {where})"
    if len(data) > _SAMPLE:
        ctrl_all = len(data.translate(None, _DELETE_ALL_BUT_CTRL)) / len(data)
        if ctrl_all >= _CTRL_BINARY_RATIO:
            return f"binary content (control bytes make up {ctrl_all:.0%} of the file)"
    return None


def _looks_utf16_without_bom(data: bytes) -> str | None:
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) / len(odd) > 0.6 and even.count(0) / len(even) < 0.1:
        return "utf-16-le"
    if even.count(0) / len(even) > 0.6 and odd.count(0) / len(odd) < 0.1:
        return "utf-16-be"
    return None


def _decode(data: bytes, suffix: str) -> tuple[str, str, list[str]]:
    """Return (text, encoding, notes) or raise _Reject."""
    notes: list[str] = []
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _Reject(f"undecodable text: starts with a {codec} byte-order mark but {exc.reason} "
                              f"at byte {exc.start}") from None
            return _strip_nuls(text, notes), codec, notes

    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            head = text[:4096]
            if len(_CTRL_CHARS.findall(head)) < _CTRL_BINARY_RATIO * max(len(head), 1):
                return _strip_nuls(text, notes), utf16, notes

    reason = _binary_reason(data)
    if reason:
        raise _Reject(reason)

    nuls = data.count(0)
    if nuls:
        data = data.replace(b"\x00", b"")
        notes.append(f"stripped {_plural(nuls, 'NUL byte')}")

    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass

    # Mostly UTF-8 with a few corrupt sequences: keep UTF-8, replace the bad bytes.
    replaced = data.decode("utf-8", "replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    high = len(data.translate(None, _DELETE_ALL_BUT_HIGH))
    valid_high = high - bad  # roughly: high bytes that formed valid multi-byte sequences
    if bad > 0 and valid_high >= 8 * bad:
        notes.append(f"replaced {_plural(bad, 'invalid UTF-8 sequence')} with U+FFFD")
        return replaced, "utf-8", notes

    # Declared charset in HTML
    if suffix in (".html", ".htm"):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "ignore")
            try:
                return data.decode(declared), codecs.lookup(declared).name, notes
            except (LookupError, UnicodeDecodeError):
                pass

    guess = _guess_codec(data)
    if guess is None:
        raise _Reject("undecodable text: not valid UTF-8 and no known text encoding fits")
    text = data.decode(guess)
    notes.append(f"decoded as {guess} (not valid UTF-8)")
    return text, guess, notes


def _guess_codec(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data, cp_isolation=_CANDIDATE_CODECS))
    except Exception:  # noqa: BLE001 - detector failure is "no guess", not a crash
        matches = []
    if matches:
        best = min(m.chaos for m in matches)
        close: list[str] = []
        for m in matches:
            if m.chaos <= best + 0.01:  # include codecs that decode to the very same text
                close.extend([m.encoding, *getattr(m, "could_be_from_charset", [])])
        for codec in _PREFERRED:
            if codec in close:
                return codec
        return matches[0].encoding
    try:  # charset-normalizer gives up on tiny inputs; Windows-1252 is the usual culprit
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return None


def _strip_nuls(text: str, notes: list[str]) -> str:
    n = text.count("\x00")
    if n:
        notes.append(f"stripped {_plural(n, 'NUL character')}")
        text = text.replace("\x00", "")
    return text


# ---------------------------------------------------------------------------------------------
# formats

_FM_KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "source_url": "url", "canonical": "url", "canonical_url": "url",
    "published": "published", "date": "published", "published_at": "published", "pubdate": "published",
    "published_date": "published", "publication_date": "published",
}
_FM_LINE = re.compile(r"^([A-Za-z_][\w\-]*)\s*:\s*(.*)$")


def _parse_text(text: str, suffix: str) -> tuple[list[ArticleRecord], str | None]:
    title = url = None
    published = None
    body = text.lstrip("\ufeff")
    lines_head = body[:65536].split("\n", 201)
    if lines_head and lines_head[0].strip() == "---":
        for i, line in enumerate(lines_head[1:200], start=1):
            if line.strip() in ("---", "..."):
                inner = [raw for raw in lines_head[1:i] if raw.strip()]
                if not inner or not all(
                    _FM_LINE.match(raw.strip()) or raw[:1] in (" ", "\t", "-", "#") for raw in inner
                ) or not any(_FM_LINE.match(raw.strip()) for raw in inner):
                    break  # two horizontal rules around prose, not front matter
                meta: dict[str, str] = {}
                for raw in lines_head[1:i]:
                    m = _FM_LINE.match(raw.strip())
                    if m:
                        key = _FM_KEYS.get(m.group(1).lower())
                        val = m.group(2).strip()
                        if len(val) >= 2 and val[0] == val[-1] and val[0] in "\"'":
                            val = val[1:-1]
                        if key and key not in meta and val:
                            meta[key] = val
                title = _clean_field(meta.get("title"))
                url = _clean_field(meta.get("url"))
                published = parse_published(meta.get("published"))
                offset = sum(len(x) + 1 for x in lines_head[: i + 1])
                body = body[offset:]
                break
    body = _clean_text(body)
    if suffix == ".md" and title is None:
        first = body.split("\n", 1)[0]
        if first.startswith("# "):
            title = _clean_field(first[2:].strip().strip("#"))
    if not body:
        raise _Reject("no text after the front matter" if title or url or published else "no text in file")
    return [ArticleRecord(title=title, url=url, published=published, text=body, record_index=0)], None


# --- HTML ---

_HTML_DROP = [
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "button", "select", "textarea", "canvas", "object", "embed", "dialog", "menu",
]
_HTML_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr td th table thead tbody tfoot caption blockquote pre "
    "section article main figure figcaption hr address details summary center body html".split()
)
_PUBLISHED_SELECTORS = [
    ('meta[property="article:published_time"]', "content"),
    ('meta[name="article:published_time"]', "content"),
    ('meta[property="og:published_time"]', "content"),
    ('meta[itemprop="datePublished"]', "content"),
    ('meta[name="datePublished"]', "content"),
    ('meta[name="pubdate"]', "content"),
    ('meta[name="publish-date"]', "content"),
    ('meta[name="date"]', "content"),
    ('meta[name="dc.date"]', "content"),
    ('meta[name="DC.date.issued"]', "content"),
    ('meta[name="parsely-pub-date"]', "content"),
    ('meta[name="sailthru.date"]', "content"),
]


def _attr(node, name: str) -> str | None:
    if node is None:
        return None
    value = (node.attributes or {}).get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _node_text(node) -> str:
    """Text of a subtree with block boundaries as newlines (iterative: deep trees are fine)."""
    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        current, leaving = stack.pop()
        if leaving:
            out.append("\n")
            continue
        tag = current.tag or ""
        if tag == "-text":
            content = current.text_content
            if content:
                out.append(_WS_RUN.sub(" ", content))
            continue
        if tag.startswith("-") or tag.startswith("_") or tag == "!doctype":
            continue  # comments, doctype
        if tag == "br":
            out.append("\n")
            continue
        if tag in _HTML_BLOCK:
            out.append("\n")
            stack.append((current, True))
        children = list(current.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    lines = (line.strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def _json_ld_fields(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "")
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack and len(found) < 3:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                for src, dst in (("headline", "title"), ("datePublished", "published"), ("url", "url")):
                    if isinstance(item.get(src), str) and dst not in found and item[src].strip():
                        found[dst] = item[src].strip()
    return found


def _parse_html(text: str) -> tuple[list[ArticleRecord], str | None]:
    from selectolax.lexbor import LexborHTMLParser  # selectolax>=1.0 removed the Modest backend

    tree = LexborHTMLParser(text)
    ld = _json_ld_fields(tree)

    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    title = (
        _clean_field(_attr(tree.css_first('meta[property="og:title"]'), "content"))
        or _clean_field(title_node.text(deep=True) if title_node else None)
        or _clean_field(ld.get("title"))
        or _clean_field(h1.text(deep=True) if h1 else None)
    )
    url = (
        _clean_field(_attr(tree.css_first('link[rel="canonical"]'), "href"))
        or _clean_field(_attr(tree.css_first('meta[property="og:url"]'), "content"))
        or _clean_field(ld.get("url"))
    )
    published = None
    for selector, attribute in _PUBLISHED_SELECTORS:
        published = parse_published(_attr(tree.css_first(selector), attribute))
        if published:
            break
    if published is None and ld.get("published"):
        published = parse_published(ld["published"])
    if published is None:
        for node in tree.css("time[datetime]"):
            published = parse_published(_attr(node, "datetime"))
            if published:
                break

    tree.strip_tags(_HTML_DROP)
    for node in tree.css("[hidden]"):
        node.decompose()

    body = tree.body or tree.root
    body_text = _node_text(body) if body is not None else ""
    chosen = body_text
    for selector in ("article", "main", '[role="main"]'):
        best = ""
        for node in tree.css(selector):
            candidate = _node_text(node)
            if len(candidate) > len(best):
                best = candidate
        # a teaser card is not the article: require a real share of the page text
        if best and (len(best) >= 0.3 * len(body_text) or len(best) >= 2000):
            chosen = best
            break
    chosen = _clean_text(chosen)
    if not chosen:
        raise _Reject("no text after extracting the HTML main content")
    return [ArticleRecord(title=title, url=url, published=published, text=chosen, record_index=0)], None


# --- JSON ---

_PUBLISHED_KEYS = ("published", "published_at", "published_date", "date", "datePublished", "pubdate")


def _record_from_obj(obj: Any, index: int, where: str) -> tuple[ArticleRecord | None, str | None]:
    if not isinstance(obj, dict):
        kind = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean",
                type(None): "null"}.get(type(obj), type(obj).__name__)
        return None, f"{where} is {kind}, not a JSON object"
    raw_text = obj.get("text")
    if raw_text is not None and not isinstance(raw_text, str):
        return None, f"{where} has a non-string 'text'"
    text = _clean_text(raw_text or "")
    if not text:
        return None, f"{where} has no non-empty 'text'"
    published = None
    for key in _PUBLISHED_KEYS:
        if obj.get(key) not in (None, ""):
            published = parse_published(obj[key])
            break
    return ArticleRecord(
        title=_clean_field(obj.get("title")),
        url=_clean_field(obj.get("url")),
        published=published,
        text=text,
        record_index=index,
    ), None


def _skip_summary(errors: list[str], loaded: int) -> str:
    msg = errors[0]
    if len(errors) > 1:
        msg += f"; {_plural(len(errors) - 1, 'more record')} skipped"
    if loaded:
        msg += f"; {_plural(loaded, 'other record')} loaded"
    return msg


def _finish_records(records: list[ArticleRecord], errors: list[str], total: int) -> tuple[list[ArticleRecord], str | None]:
    if not records:
        if not errors:
            raise _Reject("no records in file")
        prefix = "no usable records" if total > 1 else "no usable record"
        raise _Reject(f"{prefix}: {_skip_summary(errors, 0)}")
    return records, (_skip_summary(errors, len(records)) if errors else None)


def _parse_jsonl(text: str) -> tuple[list[ArticleRecord], str | None]:
    records: list[ArticleRecord] = []
    errors: list[str] = []
    total = 0
    decoder = json.JSONDecoder()
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        total += 1
        try:
            obj = decoder.decode(stripped)
        except json.JSONDecodeError as exc:
            errors.append(f"invalid JSON at line {lineno}: {exc.msg}")
            continue
        except RecursionError:
            errors.append(f"invalid JSON at line {lineno}: nested too deeply")
            continue
        record, err = _record_from_obj(obj, lineno - 1, f"record at line {lineno}")
        if record:
            records.append(record)
        else:
            errors.append(err or f"record at line {lineno} was skipped")
    return _finish_records(records, errors, total)


def _parse_json(text: str) -> tuple[list[ArticleRecord], str | None]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # A .json file that is really JSON Lines ("Extra data" after the first object)
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            try:
                records, reason = _parse_jsonl(text)
            except _Reject:
                pass
            else:
                return records, reason
        raise _Reject(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise _Reject("invalid JSON: nested too deeply") from None
    if isinstance(data, dict) and "text" not in data:
        for key in ("articles", "items", "records", "data"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if isinstance(data, dict):
        record, err = _record_from_obj(data, 0, "the JSON object")
        if record is None:
            raise _Reject(err or "the JSON object has no usable text")
        return [record], None
    if isinstance(data, list):
        if not data:
            raise _Reject("the JSON array is empty")
        records: list[ArticleRecord] = []
        errors: list[str] = []
        for i, obj in enumerate(data):
            record, err = _record_from_obj(obj, i, f"array item {i}")
            if record:
                records.append(record)
            else:
                errors.append(err or f"array item {i} was skipped")
        return _finish_records(records, errors, len(data))
    kind = "a string" if isinstance(data, str) else "null" if data is None else "a number or boolean"
    raise _Reject(f"the JSON top level is {kind}; expected an object or an array of objects")


# ---------------------------------------------------------------------------------------------
# entry point


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def read_landed_file(path: str | Path, *, max_bytes: int = 50_000_000) -> FileOutcome:
    """Read one landed file. Never raises for bad input; see FileOutcome.reason for rejections."""
    path = Path(path)
    source = str(path)

    def rejected(reason: str, *, content_hash: str = "", size: int = 0, encoding: str | None = None,
                 notes: tuple[str, ...] = ()) -> FileOutcome:
        return FileOutcome(source, content_hash, "rejected", reason, [], size, encoding, notes)

    # --- existence, type, size ---
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return rejected(f"broken symlink: its target '{target}' does not exist")
        return rejected("file not found (it disappeared before it could be read)")
    except OSError as exc:
        if os.path.islink(path):
            return rejected(f"unreadable symlink: {exc.strerror or exc}")
        return rejected(f"unreadable: {exc.strerror or exc}")
    if stat.S_ISDIR(st.st_mode):
        return rejected("not a file (it is a directory)")
    if not stat.S_ISREG(st.st_mode):
        return rejected("not a regular file (device, socket or pipe)")
    size = st.st_size
    if size > max_bytes:
        return rejected(
            f"file too large: {_human_size(size)} exceeds the limit of {_human_size(max_bytes)}",
            content_hash=_hash_file(path), size=size,
        )

    # --- bytes ---
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return rejected(f"unreadable: {exc.strerror or exc}", size=size)
    size = len(data)
    if size > max_bytes:  # grew since stat
        return rejected(f"file too large: more than the limit of {_human_size(max_bytes)}",
                        content_hash=_hash_file(path), size=st.st_size)
    content_hash = hashlib.sha256(data).hexdigest()

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        return rejected(f"unsupported file type ({shown}); supported: {', '.join(SUPPORTED_SUFFIXES)}",
                        content_hash=content_hash, size=size)
    if size == 0:
        return rejected("empty file (0 bytes)", content_hash=content_hash, size=0)

    # --- decode + parse ---
    encoding: str | None = None
    notes: list[str] = []
    try:
        text, encoding, notes = _decode(data, suffix)
        if not text.strip().lstrip("\ufeff").strip():
            raise _Reject(f"whitespace-only file ({_plural(size, 'byte')})")
        if suffix in (".txt", ".md"):
            records, reason = _parse_text(text, suffix)
        elif suffix in (".html", ".htm"):
            records, reason = _parse_html(text)
        elif suffix == ".json":
            records, reason = _parse_json(text.lstrip("\ufeff"))
        else:
            records, reason = _parse_jsonl(text.lstrip("\ufeff"))
    except _Reject as exc:
        return rejected(str(exc), content_hash=content_hash, size=size, encoding=encoding, notes=tuple(notes))
    except Exception as exc:  # noqa: BLE001 - last line of defence: a bad file must not crash the run
        return rejected(f"could not be parsed ({type(exc).__name__}: {exc})", content_hash=content_hash,
                        size=size, encoding=encoding, notes=tuple(notes))
    return FileOutcome(source, content_hash, "loaded", reason, records, size, encoding, tuple(notes))
