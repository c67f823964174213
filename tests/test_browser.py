"""What a new user sees, in a real browser: JupyterLab (headless Chromium) opens `index.ipynb` and shows the status
table; it opens a library notebook with a 3D viewer and draws it on a WebGL canvas; a viewer saved by
`viz.save_figure` shows the body with every network request blocked (offline).

Needs Debian's Chromium (`apt install chromium`; `.ci/run` installs it and sets POSEBOOK_BROWSER_TEST=1, which makes
a missing browser a failure) and `playwright` (the dev extra), which drives that Chromium without downloading one.
"""
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("POSEBOOK_BROWSER_TEST") == "1"
if CHROMIUM is None and not REQUIRED:
    pytest.skip("no Chromium here: `apt install chromium` runs the browser test (CI installs it and requires it)",
                allow_module_level=True)
if CHROMIUM is None:
    raise RuntimeError("POSEBOOK_BROWSER_TEST=1 but no chromium on PATH: install Debian's chromium")
BIN = Path(sys.executable).parent
# Software WebGL (SwiftShader): a CI machine has no GPU; this is how Chromium draws WebGL there.
CHROMIUM_ARGS = ["--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _executed(notebook: Path, out: Path) -> Path:
    "`notebook` run top to bottom (in nbs/, as in JupyterLab) and saved with its outputs, as a user's copy would be."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    nbformat.write(nb, out)
    return out


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    "A JupyterLab server on a folder with index.ipynb and an executed 03_viz.ipynb; yields its URL."
    root = tmp_path_factory.mktemp("lab")
    home = root / "home"
    folder = root / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "nbs" / "index.ipynb", folder / "index.ipynb")
    env = {**os.environ, "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "POSEBOOK_PROGRESS": "0"}
    _executed(ROOT / "nbs" / "03_viz.ipynb", folder / "03_viz.ipynb")
    subprocess.run([str(BIN / "jupyter"), "trust", str(folder / "03_viz.ipynb")], env=env, check=True, capture_output=True)
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))   # render every cell
    port = _free_port()
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(
        [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
         "--ServerApp.password=", f"--ServerApp.root_dir={folder}", f"--LabApp.user_settings_dir={home / 'settings'}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not start in 60 s:\n" + (root / "lab.log").read_text()[-3000:])
        yield url, folder
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _distinct_colours(png: bytes) -> int:
    import numpy as np
    from PIL import Image
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    return len(np.unique(pixels, axis=0))


def _webgl_drawn(page, timeout_ms: int = 60_000) -> int:
    "Wait for plotly's 3D scene canvas and return how many colours it shows (a shaded body: many; a blank canvas: 1)."
    canvas = page.locator(".js-plotly-plot .gl-container canvas").first
    canvas.wait_for(state="visible", timeout=timeout_ms)
    assert page.evaluate("() => !!document.createElement('canvas').getContext('webgl')"), "this browser has no WebGL"
    assert page.get_by_text("WebGL is not supported").count() == 0
    page.wait_for_timeout(1500)                                            # the first frame after the layout
    shot = canvas.screenshot()
    if os.environ.get("POSEBOOK_BROWSER_SHOTS"): Path(os.environ["POSEBOOK_BROWSER_SHOTS"], f"{page.title() or 'page'}.png").write_bytes(shot)
    return _distinct_colours(shot)


def _offline_page(browser):
    "A page that may load only local files: every other request is aborted and recorded."
    page, requested = browser.new_page(), []
    def only_files(route):
        requested.append(route.request.url)
        return route.continue_() if route.request.url.startswith("file:") else route.abort()
    page.route("**/*", only_files)
    return page, requested


def test_index_shows_the_status_table(lab, browser):
    url, _ = lab
    page = browser.new_page()
    page.goto(f"{url}/lab/tree/index.ipynb")
    header = page.locator(".jp-RenderedMarkdown table th", has_text="tables with our numbers")
    header.wait_for(timeout=60_000)
    table = header.locator("xpath=ancestor::table")
    papers = [row.locator("td").first.inner_text() for row in table.locator("tbody tr").all()]
    assert len(papers) == 6 and any("PoseDA" in p for p in papers), papers
    assert table.locator("a", has_text="table4").count() >= 2                # tables are linked
    page.close()


def test_library_notebook_draws_its_viewer(lab, browser):
    url, _ = lab
    page = browser.new_page()
    page.goto(f"{url}/lab/tree/03_viz.ipynb")
    colours = _webgl_drawn(page)
    assert colours > 20, f"the 3D viewer's canvas shows {colours} colours: nothing was drawn"
    page.close()


def test_saved_viewer_shows_the_body_offline(tmp_path, browser):
    import torch
    from posebook.body import AnnyBody
    from posebook.viz import save_figure, show_meshes
    body = AnnyBody("tiny")
    verts = body(torch.full((1, 6), 0.5), torch.zeros(1, 21, 3))[0]
    page_file = save_figure(show_meshes([verts], body.faces, titles=["Anny"]), "body", root=tmp_path)
    page, requested = _offline_page(browser)
    page.goto(page_file.resolve().as_uri())
    colours = _webgl_drawn(page)
    assert colours > 20, f"the saved viewer shows {colours} colours offline: nothing was drawn"
    assert all(u.startswith("file:") for u in requested), [u for u in requested if not u.startswith("file:")]
    page.close()


def test_html_export_keeps_the_viewer_offline(lab, browser, tmp_path):
    "`jupyter nbconvert --to html` of the executed library notebook: its 3D viewer is still drawn, with no network."
    _, folder = lab
    subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--output-dir", str(tmp_path), str(folder / "03_viz.ipynb")],
                   check=True, capture_output=True)
    page, requested = _offline_page(browser)
    page.goto((tmp_path / "03_viz.html").as_uri())
    colours = _webgl_drawn(page)
    assert colours > 20, f"the exported page's viewer shows {colours} colours offline: nothing was drawn"
    # nbconvert's template asks CDNs for require.js and MathJax (blocked here, and not needed); plotly.js is not fetched
    assert not [u for u in requested if "plot.ly" in u or "plotly" in u.rsplit("/", 1)[-1]], requested
    page.close()
