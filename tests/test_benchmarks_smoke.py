"""The benchmark suite still runs: `benchmarks/run.py --quick` on tiny sizes (not a timed test).

The figures of a quick run mean nothing; this only keeps the suite from
rotting.  It writes to a temporary README so benchmarks/README.md is untouched.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = (
    "## 1. Accuracy",
    "## 2. Ring speed",
    "## 3. Coverage speed and correctness",
    "## 4. Output size",
    "## 5. Export end to end",
    "## 6. Render end to end",
)


def test_quick_benchmark_writes_all_sections(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    committed = ROOT / "benchmarks" / "README.md"
    before = committed.read_bytes() if committed.exists() else None
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(readme)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,  # not a timed test: the quick run takes about 4 min on 2 shared cores, more under load
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = readme.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in text, heading
    assert "## Machine" in text and "## Summary" in text
    assert "python benchmarks/run.py --quick" in text
    assert "Quick run" in text
    # Every area has a verdict line in the summary table, and nothing failed to format.
    summary = text.split("## Summary", 1)[1].split("## 1. Accuracy", 1)[0]
    verdicts = [line for line in summary.splitlines() if "**met**" in line or "**missed**" in line]
    assert len(verdicts) == 6, verdicts
    assert not re.search(r"\bnan\b", summary, flags=re.IGNORECASE)
    assert (committed.read_bytes() if committed.exists() else None) == before
    assert not list(readme.parent.glob(".README.md.*")), "the README is written atomically, no temporary left"
