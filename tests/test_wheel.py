"""A plain (non-editable) wheel works from any directory, with its data inside."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from html import escape
from pathlib import Path

from georange import load_scenario
from pagedata import layer_features

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_renders_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("georange-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
    first_party = {f"georange/render/assets/georange/{name}" for name in ("georange.js", "georange.css")}
    assert first_party <= shipped, "the page script and style must ship in the wheel"
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # The fresh venv gets georange from the wheel only; its dependencies come from
    # this environment's site-packages through a .pth file (plain paths in a .pth
    # are not scanned for further .pth files, so an editable georange stays hidden).
    env_site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    deps = [p for p in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]} if Path(p).is_dir()]
    (env_site / "zz_georange_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    # Only the wheel may provide georange: a PYTHONPATH pointing at a source tree would hide it.
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [
            str(py),
            "-c",
            "import georange, georange.loading as l; print(georange.__file__); print(l.data_root())",
        ],
        cwd=workdir,
        env=clean,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert all(str(env_dir) in line for line in where), where
    result = subprocess.run(
        [str(env_dir / "bin" / "georange"), "render"], cwd=workdir, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    out = workdir / "output" / "venezuela.html"
    assert result.stdout.strip() == str(Path("output") / "venezuela.html")
    # The page the wheel rendered is the built-in scenario's map: its title, and a ring for
    # every site x system x range and a site marker for every site, as this tree computes them.
    html = out.read_text(encoding="utf-8")
    scenario = load_scenario()
    assert f"<title>{escape(scenario.title)}</title>" in html
    drawn = [f["properties"] for f in layer_features(html)]
    ids = {(p.get("kind"), p.get("site_id"), p.get("system_id"), p.get("range_kind")) for p in drawn}
    rings = {
        ("ring", site.id, system_id, rng.kind)
        for site in scenario.sites
        for system_id in scenario.site_systems[site.id]
        for rng in scenario.system(system_id).ranges
    }
    assert rings and rings <= ids, sorted(rings - ids)
    assert {("site", site.id, None, None) for site in scenario.sites} <= ids
