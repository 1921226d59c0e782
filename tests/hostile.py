"""A landing folder full of what real landing folders receive: `build_hostile_folder(path)`.

Used by tests/test_reliability.py. Everything is generated (the 40 MB file too), deterministically,
so nothing large is committed. `HostileFolder` names the interesting entries so tests can assert
on them without repeating file names.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

FUTURE_YEAR = 2037  # matches the extractor's year pattern (20[2-3]\d), so it *is* read as a date

# A good article the pipeline extracts a strike from (also the target of the symlink and the source
# of the duplicate).
GOOD = (
    "---\ntitle: Overnight drone attack on Kyiv region\npublished: 2025-11-14\n---\n"
    "Russia launched 212 drones and 9 missiles at Ukraine overnight, the Ukrainian Air Force said.\n"
    "Air defences shot down 190 drones and 7 missiles over the Kyiv, Sumy and Chernihiv regions.\n"
)

UKRAINIAN = (
    "---\ntitle: Нічна атака\npublished: 2025-11-16\n---\n"
    "Уночі Росія атакувала Україну 143 ударними дронами, повідомили Повітряні сили. "
    "Протиповітряна оборона збила 120 дронів над Київською, Сумською та Харківською областями. "
    "Голова ОВА Олег Синєгубов сказав, що поранено двох людей.\n"
)

RUSSIAN = (
    "---\ntitle: Минобороны России\npublished: 2025-11-16\n---\n"
    "Минобороны России заявило, что за ночь силы ПВО перехватили и уничтожили 57 украинских "
    "беспилотников над Брянской, Курской и Белгородской областями. «Ночью дежурными средствами ПВО "
    "были перехвачены беспилотники», — говорится в сообщении.\n"
)

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Drones hit Odesa port | Example News</title>
<meta property="article:published_time" content="2025-11-18T06:10:00+02:00">
<script>window.dataLayer = [{"page": "article"}]; function track(){ return 42; }</script>
<style>body { font-family: serif } .nav { display: flex }</style></head>
<body>
<nav class="nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/ukraine">Ukraine</a></nav>
<header><div>Breaking: subscribe for 1 EUR</div></header>
<article>
<h1>Drones hit Odesa port</h1>
<p>Russia attacked the Odesa region overnight with 47 drones, the Ukrainian Air Force said on Tuesday.</p>
<p>Air defences destroyed 38 of the drones; three people were injured in Izmail.</p>
<script>document.write("<p>Russia launched 9999 drones</p>")</script>
</article>
<aside>Most read: 1. Something else 2. Another story</aside>
<footer>© Example News 2025 · Privacy · Cookies</footer>
</body></html>
"""


@dataclass(frozen=True)
class HostileFolder:
    root: Path
    good: str  # relative paths of notable entries
    duplicate: str
    symlink: str
    broken_symlink: str
    jsonl: str
    jsonl_good_texts: tuple[str, ...]
    future: str
    huge: str
    long_line: str
    in_subfolder: str


def _article(rng: random.Random, i: int) -> str:
    n = rng.randint(30, 300)
    return (f"Russia launched {n} drones at Ukraine overnight, the air force said on Monday (record {i}). "
            f"Air defences shot down {n - rng.randint(1, 29)} of them.")


def _filler_paragraph(rng: random.Random) -> str:
    words = ("the", "council", "said", "report", "weather", "market", "river", "city", "bridge", "music",
             "festival", "library", "opened", "a", "new", "exhibition", "on", "local", "history", "and",
             "culture", "visitors", "could", "see", "old", "maps", "of", "region")
    sentences = []
    for _ in range(rng.randint(3, 7)):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20)))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def build_hostile_folder(path: str | os.PathLike[str], *, huge_bytes: int = 40_000_000) -> HostileFolder:
    """Fill `path` (created if missing) with hostile entries and return their names."""
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20251123)

    def write(name: str, data: bytes | str) -> str:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return name

    # empty and whitespace-only
    write("empty.txt", b"")
    write("whitespace.txt", " \t\r\n\n   \u00a0\n".encode())
    write("bom_only.txt", b"\xef\xbb\xbf")
    write("empty.json", b"")
    # random binary under a text suffix, and under no suffix at all
    write("random.txt", rng.randbytes(4096))
    write("random_blob", rng.randbytes(1024))
    # NUL bytes inside otherwise good text
    nul_text = ("---\npublished: 2025-11-15\n---\nRussia launched 61 drones at Ukraine overnight, the air force said.\x00"
                "\nAir defences shot down 44\x00 drones over the Poltava and Dnipro regions.\n")
    write("nul_inside.txt", nul_text.encode())
    # legacy encodings
    write("cp1252_smart_quotes.txt",
          ("\u201cWe shot down 75 drones,\u201d the air force said \u2014 Russia had launched 80 drones overnight "
           "against Kharkiv, the region\u2019s governor said on 12 November 2025.\n").encode("cp1252"))
    write("latin1.txt", ("Réunion à Genève: les délégations se sont rencontrées le 20 novembre 2025 "
                         "pour discuter du plan de paix. Über die Zukunft.\n").encode("latin-1"))
    write("utf16_bom.txt", ("---\npublished: 2025-11-17\n---\nRussia launched 33 drones at the Sumy region overnight, "
                            "the air force said. Air defences shot down 30 drones.\n").encode("utf-16"))
    # very large text file (prose, no events) and a 2 MB single line
    paragraphs = [_filler_paragraph(rng) for _ in range(64)]
    chunk = ("\n\n".join(paragraphs) + "\n\n").encode()
    with open(root / "huge_40mb.txt", "wb") as fh:
        written = 0
        while written < huge_bytes:
            fh.write(chunk)
            written += len(chunk)
    long_line = " ".join(_filler_paragraph(rng) for _ in range(40))
    long_line = (long_line * (2_000_000 // len(long_line) + 1))[:2_000_000]
    write("single_line_2mb.txt", long_line.replace("\n", " "))
    # HTML page with navigation, scripts, styles, aside, footer
    write("page.html", HTML)
    # JSONL: good records and one broken line in the middle
    good_texts = tuple(_article(rng, i) for i in range(3))
    lines = [json.dumps({"title": f"Wire {i}", "published": f"2025-11-{10 + i:02d}", "text": t})
             for i, t in enumerate(good_texts)]
    lines.insert(2, '{"title": "broken", "text": "Russia launched 5 dro')
    write("wire.jsonl", "\n".join(lines) + "\n")
    # truncated JSON
    write("truncated.json", '{"title": "Cut off", "published": "2025-11-19", "text": "Russia launched 70 drones at')
    write("array.json", json.dumps([{"text": _article(rng, 10), "published": "2025-11-09"}, 42, {"no_text": True}]))
    # Ukrainian and Russian
    write("ukrainian.txt", UKRAINIAN)
    write("russian.md", RUSSIAN)
    # names with spaces and non-ASCII; a name that is not valid UTF-8
    write("name with spaces.txt", GOOD.replace("212", "214").replace("190", "191"))
    write("статья київ ñ.txt", "---\npublished: 2025-11-12\n---\nRussia launched 88 drones at Ukraine overnight, "
                                  "the air force said. Air defences shot down 81 drones.\n")
    bad_name = os.fsdecode(b"caf\xe9 latin1 name.txt")
    write(bad_name, "---\npublished: 2025-11-11\n---\nRussia launched 26 drones at Ukraine overnight, "
                    "the air force said. Air defences shot down 20 drones.\n")
    # the good file, a symlink to it, a broken symlink, a symlink loop, a symlink to a folder
    good = write("good.txt", GOOD)
    os.symlink("good.txt", root / "link to good.txt")
    os.symlink("does-not-exist.txt", root / "broken link.txt")
    os.symlink("loop.txt", root / "loop.txt")
    # duplicate content under another name
    duplicate = write("copy of good (2).txt", GOOD)
    # only date in the future (metadata and text)
    future = write("future.txt", f"---\ntitle: Future\npublished: {FUTURE_YEAR}-03-14\n---\n"
                                 f"KYIV, March 14, {FUTURE_YEAR} — Russia launched 64 drones at Ukraine overnight, "
                                 "the air force said. Air defences shot down 51 drones.\n")
    # unsupported suffix with PDF bytes
    write("report.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    # a subfolder (with a good article, a nested empty folder) and a symlink to the subfolder
    in_sub = write("sub folder/nested.txt", "---\npublished: 2025-11-13\n---\nRussia launched 19 drones at the "
                                            "Odesa region overnight, the air force said. Air defences shot down 17.\n")
    (root / "sub folder" / "empty dir").mkdir()
    os.symlink("sub folder", root / "link to folder")
    # hidden file, editor lock file, a named pipe (must not block the run)
    write(".hidden.txt", "---\npublished: 2025-11-10\n---\nRussia launched 12 drones overnight, the air force said.\n")
    write(".~lock.good.txt#", "root,host,23.11.2025 04:00\n")
    os.mkfifo(root / "pipe.txt")
    # landing order: everything at one time, the copy a minute later (it is the duplicate)
    landed_at = 1_763_600_000  # 2025-11-20
    for rel in landed_entries(root):
        if (root / rel).is_file() and not (root / rel).is_symlink():
            os.utime(root / rel, (landed_at, landed_at))
    os.utime(root / duplicate, (landed_at + 60, landed_at + 60))
    return HostileFolder(
        root=root, good=good, duplicate=duplicate, symlink="link to good.txt", broken_symlink="broken link.txt",
        jsonl="wire.jsonl", jsonl_good_texts=good_texts, future=future, huge="huge_40mb.txt",
        long_line="single_line_2mb.txt", in_subfolder=in_sub,
    )


def landed_entries(root: Path) -> list[str]:
    """Every entry a run must account for, counted independently of the pipeline: everything
    below `root` that is not a real folder (files, symlinks of any kind, pipes), as a path relative
    to `root` with '/' separators, walking real folders only."""
    found: list[str] = []

    def walk(folder: Path, prefix: str) -> None:
        with os.scandir(folder) as it:
            for entry in it:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), rel + "/")
                else:
                    found.append(rel)

    walk(root, "")
    return sorted(found)
