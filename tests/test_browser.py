"""A real browser (headless Chromium) on the Dagster UI and on the HTML report.

Skipped only when no Chromium binary is installed (.ci/run installs Debian's `chromium`).
The webserver runs as a subprocess on a free port with a throw-away DAGSTER_HOME and warehouse,
and is always stopped (its whole process group) at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from orchestration.paths import PROJECT_ROOT, SEED_ARTICLES_DIR

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                 if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on PATH (CI installs it: apt-get install chromium, see .ci/run)")

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--mute-audio")
SERVER_TIMEOUT = 90
BROWSERS_AT_ONCE = 3
PNG = b"\x89PNG\r\n\x1a\n"


# --- helpers -------------------------------------------------------------------------------------


def chromium(url: str, *args: str, window: str = "1600,1000", timeout: int = 90) -> str:
    """Run headless Chromium on `url` (fresh profile); returns stdout (the DOM with --dump-dom).
    A browser that hangs is tried once more: under CI load a headless --screenshot once never
    finished within 90 s and passed when run again (2026-12-06). A failure is never retried."""
    for attempt in (1, 2):
        # a killed browser may still be writing its profile: the cleanup must not fail the test
        with tempfile.TemporaryDirectory(prefix="pw-chromium-", ignore_cleanup_errors=True) as profile:
            try:
                done = subprocess.run(
                    [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={window}", *args, url],
                    capture_output=True, text=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                if attempt == 2:
                    raise
                continue
        assert done.returncode == 0, f"chromium failed on {url}: {done.stderr[-2000:]}"
        return done.stdout
    raise AssertionError("unreachable")


def dump_dom(url: str, window: str = "1600,1000") -> str:
    return chromium(url, "--virtual-time-budget=20000", "--dump-dom", window=window)


def screenshot(url: str, path: Path, window: str = "1600,1000") -> Path:
    chromium(url, "--virtual-time-budget=20000", f"--screenshot={path}", window=window)
    return path


def assert_real_png(path: Path, size: tuple[int, int], min_colors: int = 30) -> None:
    """A PNG of the window's size with more than a blank page's handful of colours."""
    from PIL import Image

    data = path.read_bytes()
    assert data.startswith(PNG), f"{path} is not a PNG"
    assert len(data) > 20_000, f"{path} is only {len(data)} bytes: blank page?"
    with Image.open(path) as image:
        assert image.size == size
        colors = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colors is None or len(colors) >= min_colors, f"{path} has {len(colors)} colours: blank page?"


def visible_text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", dom).split())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def graphql(base: str, query: str) -> dict:
    request = urllib.request.Request(f"{base}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.load(response)
    assert "errors" not in payload, payload
    return payload["data"]


def _reset_signals() -> None:
    # Dagster maps SIGTERM onto the SIGINT handler: make sure SIGINT is not inherited as ignored
    # (as it is under a non-interactive shell's background job), so SIGTERM stops it cleanly.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_process_group(process: subprocess.Popen, grace: float = 15) -> None:
    """SIGTERM the server's process group, then SIGKILL whatever is left of it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:  # children (code server, gRPC) may outlive the leader
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def dagster_ui(workdir):
    """(base URL, warehouse path): dagster-webserver on the project's definitions, started first
    and booting while the seeds warehouse is built in this process."""
    from orchestration.cli import run_pipeline

    db = workdir / "warehouse.duckdb"
    home = workdir / "dagster_home"
    home.mkdir()
    # no onboarding pop-up over the page, no telemetry calls from a machine without network
    (home / "dagster.yaml").write_text("nux:\n  enabled: false\ntelemetry:\n  enabled: false\n")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PEACEWATCH_DB": str(db), "PEACEWATCH_LANDING": str(SEED_ARTICLES_DIR),
           "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1"}
    log = (workdir / "webserver.log").open("wb")
    webserver = Path(sys.executable).with_name("dagster-webserver")  # this venv's, as `uv run` would
    if not webserver.exists():
        webserver = Path(shutil.which("dagster-webserver") or "dagster-webserver")
    server = subprocess.Popen(
        [str(webserver), "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=_reset_signals)
    try:
        success, _ = run_pipeline(SEED_ARTICLES_DIR, db, quiet=True)
        assert success, "pipeline on the seeds failed"
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"dagster-webserver exited with {server.returncode}:\n"
                            f"{(workdir / 'webserver.log').read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/server_info", timeout=2) as response:
                    assert json.load(response)["dagster_webserver_version"]
                break
            except (OSError, ValueError):
                if time.monotonic() > deadline:
                    pytest.fail(f"dagster-webserver did not answer /server_info within {SERVER_TIMEOUT}s:\n"
                                f"{(workdir / 'webserver.log').read_text(errors='replace')[-3000:]}")
                time.sleep(0.5)
        yield base, db
    finally:
        stop_process_group(server)
        log.close()


@pytest.fixture(scope="module")
def expected_graph():
    """Asset keys by group and check names by asset, from the code location itself."""
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    groups: dict[str, list[str]] = {}
    for key in graph.get_all_asset_keys():
        groups.setdefault(graph.get(key).group_name, []).append(" / ".join(key.path))
    checks: dict[str, list[str]] = {}
    for check_key in graph.asset_check_keys:
        checks.setdefault(" / ".join(check_key.asset_key.path), []).append(check_key.name)
    return groups, checks


# --- tests ---------------------------------------------------------------------------------------


def test_dagster_ui_renders_the_asset_graph_and_checks(dagster_ui, expected_graph, workdir):
    base, _ = dagster_ui
    groups, checks = expected_graph
    for layer in ("raw", "parsed", "curated", "publish", "reports"):
        assert groups.get(layer), f"no {layer} assets in the definitions"

    checked_assets = sorted(checks)
    # three browsers at a time: eight at once on 2 cores left a screenshot unfinished after 90 s
    # under the full suite (twice on 2026-12-06); a queued page waits, it does not time out
    with ThreadPoolExecutor(max_workers=BROWSERS_AT_ONCE) as pool:
        lineage = pool.submit(dump_dom, f"{base}/asset-groups")
        catalog = pool.submit(dump_dom, f"{base}/assets", "1600,4000")  # tall: the list renders every row
        check_pages = {asset: pool.submit(dump_dom, f"{base}/assets/{asset.replace(' / ', '/')}?view=checks")
                       for asset in checked_assets}
        shot = pool.submit(screenshot, f"{base}/asset-groups", workdir / "ui.png")
        group_shot = pool.submit(screenshot, f"{base}/locations/orchestration.definitions/asset-groups/curated",
                                 workdir / "ui_curated.png")

    # the global lineage graph: one node per group, raw -> parsed -> curated -> marts/reports -> publish
    text = visible_text(lineage.result())
    assert "Global asset lineage" in text
    for failure in ("Something went wrong", "unexpected error", "Failed to load", "could not be loaded"):
        assert failure.lower() not in text.lower(), f"the UI shows an error: {text[:500]}"
    for group in groups:
        assert f" {group} " in f" {text} ", f"group {group} not drawn in the lineage graph"

    # the catalog lists every asset of every layer
    text = visible_text(catalog.result())
    for group, keys in groups.items():
        for key in keys:
            assert key in text, f"asset {key} ({group}) not rendered in the catalog"

    # each checked asset's Checks tab shows its GX checks by name
    for asset, page in check_pages.items():
        text = visible_text(page.result())
        for _ in range(2):  # on 2 busy cores a tab can dump before its data came
            if all(name in text for name in checks[asset]):
                break
            text = visible_text(dump_dom(f"{base}/assets/{asset.replace(' / ', '/')}?view=checks"))
        for name in checks[asset]:
            assert name in text, f"check {name} not rendered on {asset}'s checks tab"
    assert {name for names in checks.values() for name in names} >= {
        "gx_curated_strikes", "gx_curated_talks", "gx_curated_proposals", "gx_curated_claims"}

    assert_real_png(shot.result(), (1600, 1000))
    assert_real_png(group_shot.result(), (1600, 1000))


def test_graphql_serves_every_asset_and_check(dagster_ui, expected_graph):
    base, _ = dagster_ui
    groups, checks = expected_graph
    data = graphql(base, "{ assetNodes { assetKey { path } groupName "
                         "assetChecksOrError { __typename ... on AssetChecks { checks { name } } } } }")
    served = {" / ".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert set(served) == {key for keys in groups.values() for key in keys}
    for asset, names in checks.items():
        assert served[asset]["assetChecksOrError"]["__typename"] == "AssetChecks"
        assert {c["name"] for c in served[asset]["assetChecksOrError"]["checks"]} == set(names)
    assert served["reports / charts"]["groupName"] == "reports"


def test_html_report_renders_in_the_browser(dagster_ui, workdir):
    from orchestration.report import write_report

    _, db = dagster_ui
    page = write_report(db, workdir / "report" / "report.html")
    url = page.resolve().as_uri()
    with ThreadPoolExecutor(max_workers=2) as pool:
        dom = pool.submit(dump_dom, url, "1400,1000")
        shot = pool.submit(screenshot, url, workdir / "report.png", "1400,2600")
    dom = dom.result()
    images = re.findall(r'<img\b[^>]*>', dom)
    charts = [tag for tag in images if 'class="chart"' in tag]
    assert len(charts) == 2
    for chart_id in ("chart-strikes_per_day", "chart-talks_timeline"):
        (tag,) = [t for t in charts if f'id="{chart_id}"' in t]
        assert 'src="data:image/png;base64,iVBORw0KGgo' in tag  # base64 of the PNG signature
    text = visible_text(dom)
    for value in ("PeaceWatch report", "Largest waves", "653", "Miami", "28-point plan", "600,000"):
        assert value in text
    assert_real_png(shot.result(), (1400, 2600))
    # the charts were decoded and painted, not just present in the DOM: their bar colours are on screen
    from PIL import Image

    from orchestration.report import DRONE_COLOR, MISSILE_COLOR

    with Image.open(workdir / "report.png") as image:
        painted = {rgb for _, rgb in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    for color in (DRONE_COLOR, MISSILE_COLOR):
        assert tuple(int(color[i:i + 2], 16) for i in (1, 3, 5)) in painted, f"{color} bars not painted"
