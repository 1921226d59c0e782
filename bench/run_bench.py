"""PeaceWatch scale benchmark: measure, don't optimise.

    uv run python bench/run_bench.py N [N ...] [--workdir DIR] [--keep] [--profile]
                                    [--stop-after-seconds S] [--no-bundled]

For every N (ascending):
1. generate N articles with bench/generate.py (timed separately, never counted);
2. baseline: read every file + one regex pass (bench/baseline.py, own process);
3. end to end, in a subprocess exactly as an operator runs it:
   `python -m orchestration.cli run --articles DIR --db DB` (fresh DB) -> wall, CPU, peak RSS
   (os.wait4 rusage of the child, which includes its own children);
4. the same command again with nothing new (no-op re-run);
5. stage by stage, in process (bench/stages.py): ingest, parsed articles, sentences, mentions,
   quantities, extraction, curated, checks, publish — one `dagster.materialize` per stage against
   one working copy -> per stage seconds, CPU, articles/s, MB/s, peak RSS (reset per stage);
   then the same for a no-op pass;
6. optional (--profile): the stage-by-stage pass again on a fresh DB under cProfile
   (<workdir>/N/profile/<stage>.txt: top functions);
7. add 1 % new articles (generate --start N) and run end to end again (incremental), plus its
   stage-by-stage breakdown.
Once, before the Ns: interpreter, `uv run`, Dagster, project-definitions and GX import times,
and the bundled run (`uv run peacewatch run` on seeds/articles, fresh DB), each with and without
a bytecode cache (see "bytecode" below).

If an N's end-to-end run takes longer than --stop-after-seconds (default 120), larger Ns are
skipped and their time is projected from the per-stage figures instead.

Bytecode: this sandbox sets PYTHONDONTWRITEBYTECODE=1 and the venv ships no .pyc, so every
process compiles all of Dagster/GX from source. Pipeline runs here use a bytecode cache outside
the project (PYTHONPYCACHEPREFIX=<workdir>/pycache, warmed first), which is what a normal
install has; start-up is reported both ways.

Results: markdown on stdout, raw numbers in <workdir>/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CODE = ROOT  # the project tree whose code is benchmarked (--snapshot: a `git archive HEAD` copy)
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

PY = sys.executable
UV_RUN: list[str] = []


# ---------------------------------------------------------------------------------------------
# running and measuring subprocesses


def tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and all its descendants right now (kB), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * page_kb
        except (OSError, IndexError, ValueError):
            pass
    return total


class TreeRssSampler(threading.Thread):
    """Samples the summed RSS of a process tree every `interval` seconds (the peak of the sum:
    the main process plus its extraction workers at the same moment)."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root, self.interval, self.peak_kb = root, interval, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.root))


def measured(cmd: list[str], env: dict, *, cwd: Path | None = None, label: str = "") -> dict:
    """Run cmd; wall seconds, CPU seconds and peak RSS (kB) of the child and its descendants:
    the largest single process (`peak_rss_kb`, from wait4) and the largest sum over the process
    tree at one moment (`peak_tree_rss_kb`, sampled every 0.25 s)."""
    cwd = cwd or CODE
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        sampler = TreeRssSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stopped.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    result = {"cmd": cmd, "seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime,
              "peak_rss_kb": usage.ru_maxrss, "peak_tree_rss_kb": sampler.peak_kb, "rc": proc.returncode, "stdout": stdout, "stderr": stderr[-4000:],
              "loadavg_before": load0, "loadavg_after": os.getloadavg()[0]}
    if label:
        print(f"  {label:<42} {wall:8.2f}s  cpu {result['cpu_seconds']:7.2f}s  peak {usage.ru_maxrss / 1024:6.0f} MB"
              f" (tree {sampler.peak_kb / 1024:6.0f} MB)  rc={proc.returncode}", file=sys.stderr, flush=True)
    return result


def best_of(cmd: list[str], env: dict, repeat: int, label: str) -> dict:
    runs = [measured(cmd, env) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    print(f"  {label:<42} {best['seconds']:8.2f}s  (best of {repeat})", file=sys.stderr, flush=True)
    return best


def envs(workdir: Path) -> tuple[dict, dict]:
    as_is = dict(os.environ)
    warm = dict(os.environ)
    warm.pop("PYTHONDONTWRITEBYTECODE", None)
    warm["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    for env in (as_is, warm):
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CODE), env.get("PYTHONPATH")]))
        env["PEACEWATCH_BENCH_CODE"] = str(CODE)
    return as_is, warm


STEP_STAGES = (("ingest_landing_folder", "ingest"), ("parsed__articles", "parsed articles"),
               ("parsed__sentences", "sentences"), ("parsed__mentions", "mentions"),
               ("parsed__quantities", "quantities"), ("extracted_reports", "extraction"), ("curated_facts", "curated"),
               ("marts__", "marts"), ("reports__", "reports"), ("warehouse__snapshot", "publish"))


def step_stages(stdout: str) -> list[dict]:
    """Seconds per stage of an end-to-end run, from the `step <key> <s>s` lines of `--timings`
    (checks: every asset-check step)."""
    totals: dict[str, float] = {}
    for key, seconds in re.findall(r"^step (\S+) (\d+(?:\.\d+)?)s$", stdout, re.M):
        stage = next((name for prefix, name in STEP_STAGES if key.startswith(prefix)), "checks")
        totals[stage] = totals.get(stage, 0.0) + float(seconds)
    order = [name for _, name in STEP_STAGES] + ["checks"]
    return [{"stage": name, "seconds": totals[name]} for name in order if name in totals]


def run_seconds(stdout: str) -> float | None:
    """The materialize time the CLI prints ('run <id> on ... -> ... (12.3s)')."""
    m = re.search(r"^run \S+ on .* \((\d+(?:\.\d+)?)s\)$", stdout, re.M)
    return float(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# the measurements


def startup(workdir: Path, as_is: dict, warm: dict, bundled: bool) -> dict:
    print("start-up", file=sys.stderr)
    uv = shutil.which("uv")
    snippets = {
        "interpreter (python -c pass)": "pass",
        "import dagster": "import dagster",
        "import polars + duckdb": "import polars, duckdb",
        "import orchestration.definitions": "import orchestration.definitions",
        "import great_expectations (checks)": "import great_expectations",
        "import dateparser": "import dateparser",
    }
    measured([PY, "-c", "import orchestration.definitions, great_expectations, dateparser"], warm)  # warm the cache
    out: dict = {"warm": {}, "no_bytecode": {}}
    for label, code in snippets.items():
        out["warm"][label] = best_of([PY, "-c", code], warm, 3, f"{label} [bytecode cache]")["seconds"]
        out["no_bytecode"][label] = best_of([PY, "-c", code], as_is, 2, f"{label} [as configured]")["seconds"]
    if uv:
        out["warm"]["uv run python -c pass"] = best_of(UV_RUN + ["python", "-c", "pass"], warm, 3,
                                                       "uv run python -c pass")["seconds"]
    out["warm"]["peacewatch --help (CLI start)"] = best_of([PY, "-m", "orchestration.cli", "--help"], warm, 3,
                                                           "python -m orchestration.cli --help")["seconds"]
    if bundled:
        cmd = (UV_RUN + ["peacewatch"] if uv else [PY, "-m", "orchestration.cli"]) + ["run", "--db"]
        for key, env in (("warm", warm), ("no_bytecode", as_is)):
            for attempt in ("first", "noop"):
                db = workdir / f"bundled-{key}.duckdb"
                if attempt == "first":
                    for stale in workdir.glob(f"*bundled-{key}.duckdb*"):
                        stale.unlink()
                r = measured(cmd + [str(db)], env, label=f"bundled run ({attempt}) [{key}]")
                out[key][f"bundled run ({attempt})"] = r["seconds"]
                out[key][f"bundled run ({attempt}) peak_rss_kb"] = r["peak_rss_kb"]
                out[key][f"bundled run ({attempt}) materialize"] = run_seconds(r["stdout"])
                if r["rc"] != 0:
                    out[key][f"bundled run ({attempt}) rc"] = r["rc"]
    return out


def staged(articles: Path, db: Path, run_key: str, warm: dict, workdir: Path, profile_dir: Path | None = None) -> dict:
    out_json = workdir / f"stages-{run_key}.json"
    cmd = [PY, str(BENCH / "stages.py"), "--articles", str(articles), "--db", str(db), "--run-key", run_key,
           "--json", str(out_json)]
    if profile_dir:
        cmd += ["--profile-dir", str(profile_dir)]
    r = measured(cmd, warm, label=f"stage by stage [{run_key}]")
    if not out_json.exists():
        raise RuntimeError(f"stages.py failed:\n{r['stderr']}")
    data = json.loads(out_json.read_text())
    data["process"] = {k: r[k] for k in ("seconds", "cpu_seconds", "peak_rss_kb", "rc")}
    if r["rc"] != 0:
        data["stderr"] = r["stderr"]
    return data


def table_counts(db: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("""SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables()
                              ORDER BY 1""").fetchall()
        return {name: int(con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]) for name, _ in rows}
    finally:
        con.close()


def bench_n(n: int, workdir: Path, warm: dict, profile: bool, staged_passes: bool = True) -> dict:
    print(f"N = {n}", file=sys.stderr)
    base = workdir / f"n{n}"
    if base.exists():
        shutil.rmtree(base)
    articles = base / "articles"
    res: dict = {"n": n}
    res["generate"] = generate.generate(n, articles)
    print(f"  generated {n} articles, {res['generate']['bytes'] / 1e6:.1f} MB in {res['generate']['seconds']:.1f}s",
          file=sys.stderr)
    mb = res["generate"]["bytes"] / 1e6

    b = measured([PY, str(BENCH / "baseline.py"), str(articles)], warm, label="baseline read + regex")
    res["baseline"] = json.loads(b["stdout"]) | {"process_seconds": b["seconds"]}

    cli = [PY, "-m", "orchestration.cli", "run", "--timings", "--articles", str(articles), "--db"]
    e2e_db = base / "e2e.duckdb"
    res["e2e"] = measured(cli + [str(e2e_db)], warm, label="end to end (fresh db)")
    res["e2e"]["materialize_seconds"] = run_seconds(res["e2e"]["stdout"])
    res["e2e"]["stages"] = step_stages(res["e2e"]["stdout"])
    res["noop"] = measured(cli + [str(e2e_db)], warm, label="end to end no-op re-run")
    res["noop"]["materialize_seconds"] = run_seconds(res["noop"]["stdout"])
    res["noop"]["stages"] = step_stages(res["noop"]["stdout"])
    if e2e_db.exists():
        res["counts"] = table_counts(e2e_db)
        res["db_bytes"] = e2e_db.stat().st_size

    st_db = base / "staged.duckdb"
    if staged_passes:
        res["staged"] = staged(articles, st_db, "full", warm, base)
        res["staged_noop"] = staged(articles, st_db, "noop", warm, base)
    if profile:
        res["profile_dir"] = str(base / "profile")
        res["staged_profiled"] = staged(articles, base / "profiled.duckdb", "prof", warm, base, base / "profile")

    extra = max(1, n // 100)
    res["incr_generate"] = generate.generate(extra, articles, start=n)
    res["incr_articles"] = extra
    res["incr_bytes"] = res["incr_generate"]["bytes"]
    res["incr"] = measured(cli + [str(e2e_db)], warm, label=f"end to end +1% ({extra} new)")
    res["incr"]["materialize_seconds"] = run_seconds(res["incr"]["stdout"])
    res["incr"]["stages"] = step_stages(res["incr"]["stdout"])
    if staged_passes:
        res["staged_incr"] = staged(articles, st_db, "incr", warm, base)
    # A live feed: another 1 % published on the two days after the corpus window, so the new
    # articles report new events (the +1 % above spreads over the whole window and reaches
    # almost every event the corpus has, each of which is then consolidated again).
    day = generate.PUB_END + timedelta(days=1)
    generate.generate(extra, articles, start=n + extra, published=(day, day + timedelta(days=1)))
    res["feed"] = measured(cli + [str(e2e_db)], warm, label=f"end to end +1% live feed ({extra} new)")
    res["feed"]["materialize_seconds"] = run_seconds(res["feed"]["stdout"])
    res["feed"]["stages"] = step_stages(res["feed"]["stdout"])
    res["mb"] = mb
    for key in ("e2e", "noop", "incr", "feed"):
        res[key].pop("stdout", None)
    return res


# ---------------------------------------------------------------------------------------------
# reporting


def fmt(x: float | None, nd: int = 2) -> str:
    return "–" if x is None else f"{x:,.{nd}f}"


def stage_rows(stages: list[dict], n_articles: int, mb: float) -> list[str]:
    rows = []
    for s in stages:
        sec = s["seconds"]
        peak = max(s["peak_rss_kb"], s["children_peak_kb"]) / 1024
        rows.append(f"| {s['stage']} | {fmt(sec)} | {fmt(s['cpu_seconds'])} | {fmt(n_articles / sec, 0)} | "
                    f"{fmt(mb / sec)} | {peak:,.0f} |{'' if s['success'] else ' FAILED'}")
    return rows


def report_n(r: dict, startup_s: float) -> str:
    n, mb = r["n"], r["mb"]
    lines = [f"### N = {n:,} ({mb:.1f} MB, generated in {r['generate']['seconds']:.1f}s, not counted)", ""]
    st = r.get("staged")
    if st:
        total = sum(s["seconds"] for s in st["stages"])
        lines += ["| stage (full run, in process) | s | CPU s | articles/s | MB/s | peak RSS MB |", "|---|---:|---:|---:|---:|---:|"]
        lines += stage_rows(st["stages"], n, mb)
        lines.append(f"| **sum of stages** | **{fmt(total)}** | {fmt(sum(s['cpu_seconds'] for s in st['stages']))} | "
                     f"{fmt(n / total, 0)} | {fmt(mb / total)} | {max(s['peak_rss_kb'] for s in st['stages']) / 1024:,.0f} |")
        lines += ["", f"Dagster fixed cost per materialize call: {st['dagster_run_overhead_s']:.2f}s (in each stage above); "
                  f"in-process imports: dagster {st['import_dagster_s']:.2f}s, orchestration.definitions "
                  f"{st['import_definitions_s']:.2f}s.", ""]
    else:
        total = None
    if r["e2e"].get("stages"):
        lines += ["| stage (steps of the end-to-end run, wall s) | full run s | articles/s | MB/s | no-op s | +1% s | +1% live feed s |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        others = {k: {x["stage"]: x["seconds"] for x in r[k].get("stages", [])} for k in ("noop", "incr", "feed") if r.get(k)}
        for x in r["e2e"]["stages"]:
            sec = x["seconds"]
            lines.append(f"| {x['stage']} | {fmt(sec)} | {fmt(n / sec, 0) if sec else '–'} | {fmt(mb / sec) if sec else '–'} | "
                         + " | ".join(fmt(others.get(k, {}).get(x["stage"])) for k in ("noop", "incr", "feed")) + " |")
        lines.append("")
    e2e, noop, incr, base = r["e2e"], r["noop"], r["incr"], r["baseline"]
    full = e2e["seconds"]
    lines += ["| end to end (subprocess, `python -m orchestration.cli run`) | s | CPU s | articles/s | MB/s | peak RSS MB (process / tree) |",
              "|---|---:|---:|---:|---:|---:|",
              f"| full run, fresh DB | {fmt(full)} | {fmt(e2e['cpu_seconds'])} | {fmt(n / full, 0)} | {fmt(mb / full)} | "
              f"{_rss(e2e)} |",
              f"| ↳ of which inside `materialize` | {fmt(e2e['materialize_seconds'])} | | | | |",
              f"| no-op re-run (nothing new) | {fmt(noop['seconds'])} | {fmt(noop['cpu_seconds'])} | | | "
              f"{_rss(noop)} |",
              f"| ↳ beyond start-up ({startup_s:.1f}s) | {fmt(noop['seconds'] - startup_s)} | | | | |",
              f"| +1% ({r['incr_articles']:,} new articles) | {fmt(incr['seconds'])} | {fmt(incr['cpu_seconds'])} | "
              f"{fmt(r['incr_articles'] / incr['seconds'], 0)} | | {_rss(incr)} |",
              f"| ↳ +1% cost / full run | {100 * incr['seconds'] / full:.1f}% | | | | |",
              *([f"| +1% live feed ({r['incr_articles']:,} new, published after the window) | {fmt(r['feed']['seconds'])} | "
                 f"{fmt(r['feed']['cpu_seconds'])} | | | {_rss(r['feed'])} |",
                 f"| ↳ live-feed +1% cost / full run | {100 * r['feed']['seconds'] / full:.1f}% | | | | |"]
                if r.get("feed") else []),
              f"| baseline: read all files + one regex | {fmt(base['seconds'], 3)} | | {fmt(n / base['seconds'], 0)} | "
              f"{fmt(mb / base['seconds'])} | {base['peak_rss_kb'] / 1024:,.0f} |",
              f"| ↳ (sha256 of all files, extra) | {fmt(base['hash_seconds'], 3)} | | | | |",
              f"| **pipeline / baseline** | **{full / base['seconds']:,.0f}×**"
              + (f" (stages only: {total / base['seconds']:,.0f}×)" if total else "") + " | | | | |",
              ""]
    for key, title, count in (("staged_noop", "no-op pass", None), ("staged_incr", "+1% pass", r["incr_articles"])):
        if key not in r:
            continue
        s = r[key]["stages"]
        lines.append(f"{title} by stage (s): " + ", ".join(f"{x['stage']} {x['seconds']:.2f}" for x in s)
                     + f"; total {sum(x['seconds'] for x in s):.2f}s")
    lines.append("")
    if r.get("counts"):
        c = r["counts"]
        keys = ["raw.articles", "parsed.sentences", "parsed.mentions", "parsed.quantities", "parsed.strike_reports",
                "parsed.talk_reports", "parsed.proposal_reports", "parsed.report_claims", "curated.strikes",
                "curated.talks", "curated.proposals", "curated.claims", "curated.quarantine"]
        lines.append("rows: " + ", ".join(f"{k} {c[k]:,}" for k in keys if k in c)
                     + f"; warehouse file {r.get('db_bytes', 0) / 1e6:.0f} MB")
        lines.append("")
    return "\n".join(lines)


def _rss(r: dict) -> str:
    """'largest process / process tree' peak RSS in MB (tree: main process plus its workers)."""
    tree = r.get("peak_tree_rss_kb")
    return f"{r['peak_rss_kb'] / 1024:,.0f}" + (f" / {tree / 1024:,.0f}" if tree else "")


def summary(results: list[dict], projections: list[dict], startup_s: float) -> str:
    lines = ["| N | MB | e2e s (CPU s) | in `materialize` s | articles/s e2e | articles/s excl. start-up | "
             "peak RSS MB (process / tree) | no-op s | no-op beyond start-up s | +1% s (CPU) | +1%/full | +1% feed/full | "
             "baseline s | pipeline/baseline | load avg |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        e, c = r["e2e"]["seconds"], r["e2e"]["cpu_seconds"]
        m = r["e2e"].get("materialize_seconds") or e
        load = [r[k][x] for k in ("e2e", "noop", "incr") for x in ("loadavg_before", "loadavg_after")]
        feed_share = f"{100 * r['feed']['seconds'] / e:.1f}%" if r.get("feed") else "–"
        lines.append(f"| {r['n']:,} | {r['mb']:.0f} | {e:.1f} ({c:.1f}) | {m:.1f} | {r['n'] / e:,.0f} | {r['n'] / m:,.0f} | "
                     f"{_rss(r['e2e'])} | {r['noop']['seconds']:.1f} | {r['noop']['seconds'] - startup_s:.1f} | "
                     f"{r['incr']['seconds']:.1f} ({r['incr']['cpu_seconds']:.1f}) | {100 * r['incr']['seconds'] / e:.1f}% | "
                     f"{feed_share} | "
                     f"{r['baseline']['seconds']:.2f} | {e / r['baseline']['seconds']:,.0f}× | "
                     f"{min(load):.1f}–{max(load):.1f} |")
    for p in projections:
        lines.append(f"| {p['n']:,} (projected, CPU) | | {p['linear_s']:,.0f}–{p['power_s']:,.0f} | | "
                     f"{p['n'] / max(p['power_s'], p['linear_s']):,.0f}–{p['n'] / min(p['power_s'], p['linear_s']):,.0f} | | "
                     f"{p['rss_mb']:,.0f}? | | | | | | | | |")
    return "\n".join(lines)


def project(results: list[dict], n: int, startup_s: float) -> dict:
    """Per-stage projection to n from the largest measured N, on CPU seconds (wall clock is
    inflated when the machine is shared): linear, and with each stage's own growth exponent
    between the two largest Ns (power law). Fixed per-stage costs (imports, Dagster) make the
    measured exponent *under*-estimate superlinear stages; read it with the profiles."""
    last = results[-1]
    prev = results[-2] if len(results) > 1 else None
    per_stage = []
    lin = powr = startup_s
    for s in last["staged"]["stages"]:
        t = s["cpu_seconds"]
        k = 1.0
        if prev:
            t0 = next((x["cpu_seconds"] for x in prev["staged"]["stages"] if x["stage"] == s["stage"]), 0)
            k = max(0.0, math.log(t / t0) / math.log(last["n"] / prev["n"])) if t0 > 0 and t > 0 else 1.0
        scale = n / last["n"]
        per_stage.append({"stage": s["stage"], "cpu_s": t, "linear_s": t * scale, "power_s": t * scale ** k, "exponent": k})
        lin += t * scale
        powr += t * scale ** k
    rss = last["e2e"]["peak_rss_kb"] / 1024
    if prev:
        slope = (rss - prev["e2e"]["peak_rss_kb"] / 1024) / (last["n"] - prev["n"])
        rss = rss + slope * (n - last["n"])
    return {"n": n, "linear_s": lin, "power_s": powr, "stages": per_stage, "rss_mb": rss}


def machine() -> dict:
    import dagster
    import duckdb
    import polars

    mem = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal:")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "orchestration", "transforms", "sql", "expectations"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if CODE != ROOT:
        commit += " (git archive snapshot of HEAD)"
        dirty = ""
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 1024 / 1024, 1), "python": platform.python_version(),
            "dagster": dagster.__version__, "duckdb": duckdb.__version__, "polars": polars.__version__,
            "kernel": platform.release(), "commit": commit + (" (+ uncommitted changes)" if dirty else "")}


def render(info: dict, start: dict, results: list[dict], projections: list[dict], stop_after: float) -> str:
    startup_s = start["warm"]["import orchestration.definitions"]
    out = [f"## PeaceWatch benchmark ({time.strftime('%Y-%m-%d %H:%M')})", "",
           f"machine: {info['nproc']} cores ({info['cpu']}), {info['ram_gb']} GB RAM, Linux {info['kernel']}; Python "
           f"{info['python']}, Dagster {info['dagster']}, DuckDB {info['duckdb']}, Polars {info['polars']}; "
           f"code {info['commit']}", "",
           "### Summary (end to end = `python -m orchestration.cli run` in a fresh process)", "",
           summary(results, projections, startup_s), "", "### Start-up (best of 2-3; seconds)", "",
           "| what | with bytecode cache | as configured here (PYTHONDONTWRITEBYTECODE=1, no .pyc) |", "|---|---:|---:|"]
    for key, val in start["warm"].items():
        if key.endswith(("peak_rss_kb", "materialize", " rc")):
            continue
        other = start["no_bytecode"].get(key)
        mat_w = start["warm"].get(f"{key} materialize")
        mat_n = start["no_bytecode"].get(f"{key} materialize")
        out.append(f"| {key} | {val:.2f}{f' (materialize {mat_w:.1f})' if mat_w else ''} | "
                   f"{fmt(other)}{f' (materialize {mat_n:.1f})' if mat_n else ''} |")
    out.append("")
    for r in results:
        out.append(report_n(r, startup_s))
    for p in projections:
        out += [f"### N = {p['n']:,}: not run (end to end at N = {results[-1]['n']:,} took "
                f"{results[-1]['e2e']['seconds']:.0f}s > {stop_after:.0f}s); projection", "",
                "| stage | CPU s at last N | linear CPU s | with measured CPU growth exponent | exponent |",
                "|---|---:|---:|---:|---:|"]
        out += [f"| {s['stage']} | {s['cpu_s']:,.1f} | {s['linear_s']:,.0f} | {s['power_s']:,.0f} | {s['exponent']:.2f} |"
                for s in p["stages"]]
        out += [f"| **total incl. start-up** | | **{p['linear_s']:,.0f}** | **{p['power_s']:,.0f}** | |", "",
                f"peak RSS (linear in N from the end-to-end runs) ≈ {p['rss_mb']:,.0f} MB. The exponent is measured "
                f"on whole stages, whose fixed costs hide superlinear parts: check the profiles.", ""]
    return "\n".join(out)


def rerender(workdir: Path, restage: bool) -> int:
    global CODE
    data = json.loads((workdir / "results.json").read_text())
    if (workdir / "code").is_dir():
        CODE = workdir / "code"
    _, warm = envs(workdir)
    for r in data["results"] if restage else ():
        n = r["n"]
        base = workdir / f"n{n}"
        folder = base / "articles-restage"
        shutil.rmtree(folder, ignore_errors=True)
        generate.generate(n, folder)
        for stale in base.glob("*restaged.duckdb*"):
            stale.unlink()
        print(f"N = {n}: restage", file=sys.stderr)
        r["staged_first"] = r.get("staged_first", r["staged"])
        r["staged"] = staged(folder, base / "restaged.duckdb", "restage", warm, base)
        shutil.rmtree(folder, ignore_errors=True)
    stop = data.get("stop_after_seconds", 120.0)
    startup_s = data["startup"]["warm"]["import orchestration.definitions"]
    projections = [project(data["results"], n, startup_s) for n in data.get("skipped", [])]
    data["projections"] = projections
    text = render(data["machine"], data["startup"], data["results"], projections, stop)
    print(text)
    (workdir / "results.json").write_text(json.dumps(data, indent=1, default=str))
    (workdir / "report.md").write_text(text + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, metavar="N")
    parser.add_argument("--workdir", help="where articles, DBs and results go (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep generated articles and DBs")
    parser.add_argument("--profile", action="store_true", help="also run a cProfile'd stage-by-stage pass per N")
    parser.add_argument("--stop-after-seconds", type=float, default=120.0,
                        help="skip larger N (and project them) once an end-to-end run takes longer (default 120)")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled-seeds run")
    parser.add_argument("--staged-below", type=int, default=10**9, metavar="N",
                        help="run the in-process stage-by-stage passes only for sizes below N (they repeat the "
                             "full run; the end-to-end run's own step timings are reported for every size)")
    parser.add_argument("--snapshot", action="store_true",
                        help="benchmark a `git archive HEAD` copy (in the workdir) instead of the working tree, "
                             "so concurrent edits cannot change the code mid-benchmark")
    parser.add_argument("--report-only", action="store_true", help="re-render the report from <workdir>/results.json")
    parser.add_argument("--restage", action="store_true",
                        help="re-run only the full stage-by-stage pass of every N in <workdir>/results.json (on a fresh "
                             "folder of exactly N articles and a fresh DB) and re-render the report")
    args = parser.parse_args(argv)
    if args.report_only or args.restage:
        return rerender(Path(args.workdir).resolve(), args.restage)
    if not args.sizes:
        parser.error("give at least one N")

    global CODE, UV_RUN
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="peacewatch-bench-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if args.snapshot:
        CODE = workdir / "code"
        shutil.rmtree(CODE, ignore_errors=True)
        CODE.mkdir()
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(CODE)], input=archive, check=True)
    UV_RUN = [shutil.which("uv") or "uv", "run", "--project", str(ROOT), "--frozen", "--no-sync"]
    as_is, warm = envs(workdir)
    info = machine()
    print(f"workdir {workdir}", file=sys.stderr)
    start = startup(workdir, as_is, warm, not args.no_bundled)
    startup_s = start["warm"]["import orchestration.definitions"]

    results, projections, skipped = [], [], []
    for n in sorted(args.sizes):
        if results and results[-1]["e2e"]["seconds"] > args.stop_after_seconds:
            skipped.append(n)
            continue
        results.append(bench_n(n, workdir, warm, args.profile, n < args.staged_below))
        (workdir / "results.json").write_text(json.dumps({"machine": info, "startup": start, "results": results},
                                                         indent=1, default=str))
        if not args.keep:
            shutil.rmtree(workdir / f"n{n}" / "articles", ignore_errors=True)
            for db in (workdir / f"n{n}").glob("*.duckdb*"):
                db.unlink()
    for n in skipped:
        if "staged" in results[-1]:
            projections.append(project(results, n, startup_s))
    text = render(info, start, results, projections, args.stop_after_seconds)
    print(text)
    (workdir / "results.json").write_text(json.dumps({"machine": info, "startup": start, "results": results,
                                                      "projections": projections, "skipped": skipped,
                                                      "stop_after_seconds": args.stop_after_seconds},
                                                     indent=1, default=str))
    (workdir / "report.md").write_text(text + "\n")
    print(f"raw numbers: {workdir / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
