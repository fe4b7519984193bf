"""The bad-input corpus (tests/corpus/) through every command that reads a scenario.

Each corpus file opens with ``# breaks:``, ``# expect:`` (key paths, ``-`` for
a file-level message), ``# message:`` (stderr fragments) and an optional
``# bug:`` (a strict xfail) comment; see tests/corpus/README.md.  Large and
deeply nested files are generated here, into ``tmp_path``.

For every case x command the run must exit 1, print no traceback and no
"internal error", name the file on every stderr line together with the
expected key path and message, print nothing on stdout, and leave the folder
exactly as it was: a pre-existing output file byte for byte unchanged, no
temporary files, no ``output/`` folder.

The full matrix runs in-process through :func:`georange.cli.main` (which
returns the exit status and never raises); a handful of cases also run as
real ``python -m georange`` subprocesses.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from georange.cli import main

CORPUS = Path(__file__).parent / "corpus"

# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    breaks: str
    expect: tuple[str, ...]
    messages: tuple[str, ...]
    bug: str | None = None


_HEADER = re.compile(rb"# (breaks|expect|message|bug): (.*)")


def parse_case(name: str, data: bytes) -> Case:
    """Read the ``# key: value`` header lines at the top of a corpus file."""
    fields: dict[str, list[str]] = {}
    for raw in data.split(b"\n"):
        match = _HEADER.match(raw)
        if match is None:
            break
        fields.setdefault(match.group(1).decode(), []).append(match.group(2).decode("utf-8").strip())
    assert fields.get("breaks") and fields.get("expect"), f"{name}: needs '# breaks:' and '# expect:' lines"
    return Case(
        name=name,
        data=data,
        breaks=fields["breaks"][0],
        expect=tuple(fields["expect"]),
        messages=tuple(fields.get("message", ())),
        bug=fields["bug"][0] if "bug" in fields else None,
    )


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")


CORPUS_CASES = [parse_case(p.name, p.read_bytes()) for p in corpus_files()]

# A valid scenario: the base every corpus file breaks one thing of.
GOOD = """\
id: corpus-case
title: Corpus case
systems:
  - id: test-missile
    name: Test missile
    category: cruise missile
    ranges:
      - kind: max
        km: 1000
        low_km: 900
        high_km: 1200
        estimate: true
        sources:
          - title: Example report
            publisher: Example
            url: "https://example.org/report"
            accessed: 2026-11-20
sites:
  - id: test-site
    name: Test site
    lat: 10.5
    lon: -66.9
    basis: hypothetical
    estimate: true
    sources:
      - title: Example gazetteer
        publisher: Example
        url: "https://example.org/site"
        accessed: 2026-11-20
"""

_SITE = (
    "  - {{id: s{i}, name: Site {i}, lat: 91, lon: -66.9, basis: hypothetical, estimate: true, "
    'sources: [{{title: T, publisher: P, url: "https://example.org/s", accessed: 2026-11-20}}]}}\n'
)
N_MANY = 1500
DEEP_FLOW = 50_000
DEEP_BLOCK = 1_500
NESTED_OK = 100


def _laughs() -> bytes:
    """A 1 KB alias bomb: ``*a8`` expands to 10^9 leaves if anything walks or prints it."""
    lines = ["id: laughs", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    lines += ["title: *a8", "systems: [buk-m2]", "sites: [{id: caracas, systems: [*a8]}]"]
    return ("\n".join(lines) + "\n").encode()


#: Cases too big (or too dangerous) to commit: name -> (bytes factory, expect, messages, bug).
GENERATED: dict[str, tuple[Callable[[], bytes], tuple[str, ...], tuple[str, ...], str | None]] = {
    "empty-0-bytes.yaml": (lambda: b"", ("-",), ("file is empty",), None),
    "whitespace-only.yaml": (lambda: b"  \n\n   \n \r\n", ("-",), ("file is empty",), None),
    "huge-6mb.yaml": (
        lambda: (GOOD + "# " + "padding " * 750_000 + "\n").encode(),
        ("-",),
        ("larger than",),
        None,
    ),
    "deep-flow-50000.yaml": (
        lambda: (GOOD + "description: " + "[" * DEEP_FLOW + "]" * DEEP_FLOW + "\n").encode(),
        ("-",),
        ("invalid YAML",),
        None,
    ),
    "deep-block-1500.yaml": (
        lambda: (GOOD + "places:\n" + "".join(" " * (i + 1) + "- k:\n" for i in range(DEEP_BLOCK))).encode(),
        ("-",),
        ("invalid YAML",),
        None,
    ),
    "nested-description-100.yaml": (
        lambda: (GOOD + "description: " + "[" * NESTED_OK + "x" + "]" * NESTED_OK + "\n").encode(),
        ("description",),
        ("must be a string",),
        None,
    ),
    "many-problems-1500.yaml": (
        lambda: (GOOD + "".join(_SITE.format(i=i) for i in range(1, N_MANY + 1))).encode(),
        ("sites[1].lat", f"sites[{N_MANY}].lat"),
        ("less than or equal to 90",),
        None,
    ),
}


def generated_case(name: str) -> Case:
    make, expect, messages, bug = GENERATED[name]
    return Case(name=name, data=make(), breaks=f"generated: {name}", expect=expect, messages=messages, bug=bug)


# --------------------------------------------------------------------------- commands

#: Every command that reads a scenario: arguments after the file, and the output file it would write.
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "validate": ([], None),
    "render": (["-o", "out.html"], "out.html"),
    "export-geojson": (["--format", "geojson", "-o", "out.geojson"], "out.geojson"),
    "export-kml": (["--format", "kml", "-o", "out.kml"], "out.kml"),
    "export-csv": (["--format", "csv", "-o", "out.csv"], "out.csv"),
    "distances": ([], None),
    "coverage": ([], None),
}
KNOWN_BYTES = b"known good output \x00\xff\r\n that a failed run must not touch\n"


def argv(command: str, file_name: str) -> list[str]:
    extra, _ = COMMANDS[command]
    return [command.split("-")[0], file_name, *extra]


def prepare(tmp_path: Path, case: Case, command: str) -> dict[str, bytes]:
    """Write the case and (for writing commands) an existing output file; return the folder's contents."""
    (tmp_path / case.name).write_bytes(case.data)
    _, output = COMMANDS[command]
    if output is not None:
        (tmp_path / output).write_bytes(KNOWN_BYTES)
    return snapshot(tmp_path)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"<dir>") for p in sorted(folder.rglob("*"))
    }


def assert_refused(case: Case, rc: int, stdout: str, stderr: str) -> None:
    shown = stderr if len(stderr) < 4000 else stderr[:2000] + " [...] " + stderr[-2000:]
    assert "Traceback" not in stdout + stderr, shown
    assert "internal error" not in stderr, shown
    assert rc == 1, (rc, shown)
    assert stdout == "", f"nothing may be printed on stdout for a refused file: {stdout[:500]!r}"
    prefix = f"georange: error: {case.name}: "
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "no error message"
    stray = [line for line in lines if not line.startswith(prefix)]
    assert not stray, f"every line must name the file; these do not: {stray[:5]}"
    for path in case.expect:
        if path != "-":
            assert any(line.startswith(f"{prefix}{path}: ") for line in lines), f"no message at {path!r}:\n{shown}"
    for fragment in case.messages:
        assert fragment in stderr, f"{fragment!r} not in:\n{shown}"


def assert_untouched(tmp_path: Path, before: dict[str, bytes]) -> None:
    after = snapshot(tmp_path)
    assert sorted(after) == sorted(before), f"files appeared or vanished: {sorted(set(after) ^ set(before))}"
    for name, data in before.items():
        assert after[name] == data, f"{name} changed"


def _params(cases: list[Case], commands: list[str]) -> list[object]:
    out = []
    for case in cases:
        marks = [pytest.mark.xfail(strict=True, reason=f"bug: {case.bug}")] if case.bug else []
        out += [pytest.param(case, command, id=f"{case.name}-{command}", marks=marks) for command in commands]
    return out


IN_PROCESS_GENERATED = [generated_case(n) for n in GENERATED if n != "many-problems-1500.yaml"]
MATRIX = _params(CORPUS_CASES + IN_PROCESS_GENERATED, list(COMMANDS)) + _params(
    [generated_case("many-problems-1500.yaml")], ["validate", "render"]
)

# --------------------------------------------------------------------------- the corpus itself


def test_corpus_is_big_enough_and_covers_the_issue_list() -> None:
    names = {c.name for c in CORPUS_CASES}
    assert len(names) >= 30, len(names)
    required = [
        "yaml-unclosed-flow.yaml",
        "empty-comment-only.yaml",
        "binary-junk.bin",
        "top-level-list.yaml",
        "unknown-system-id.yaml",
        "duplicate-system-id.yaml",
        "source-missing.yaml",
        "source-empty-list.yaml",
        "url-javascript.yaml",
        "url-data.yaml",
        "url-ftp.yaml",
        "accessed-missing.yaml",
        "accessed-future.yaml",
        "lat-91.yaml",
        "lon-181.yaml",
        "lat-nan.yaml",
        "km-infinite.yaml",
        "km-string.yaml",
        "range-negative.yaml",
        "range-zero.yaml",
        "range-over-half-meridian.yaml",
        "low-above-high.yaml",
        "min-above-max.yaml",
        "min-equals-max.yaml",
        "site-system-not-in-scenario.yaml",
        "typo-rnages.yaml",
        "long-system-name.yaml",
    ]
    assert not [n for n in required if n not in names]
    assert {"empty-0-bytes.yaml", "huge-6mb.yaml", "deep-flow-50000.yaml", "deep-block-1500.yaml"} <= set(GENERATED)
    typo = next(c for c in CORPUS_CASES if c.name == "typo-rnages.yaml")
    assert "did you mean 'ranges'?" in typo.messages


def test_generated_files_are_what_they_claim(tmp_path: Path) -> None:
    assert len(generated_case("huge-6mb.yaml").data) > 5_000_000
    assert generated_case("empty-0-bytes.yaml").data == b""
    assert len(_laughs()) < 1200


def test_the_base_scenario_is_valid(tmp_path: Path, monkeypatch, capsys) -> None:
    """The corpus files break one thing each of this scenario, so it must pass (no vacuous failures)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["validate", "good.yaml"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("good.yaml: ok")
    (tmp_path / "catalogue.yaml").write_text(
        "id: corpus-case\ntitle: Corpus case\nsystems:\n  - buk-m2\nsites:\n  - caracas\n", encoding="utf-8"
    )
    assert main(["validate", "catalogue.yaml"]) == 0, capsys.readouterr().err
    assert main(["export", "good.yaml", "--format", "csv", "-o", "out.csv"]) == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("test-missile") >= 1


# --------------------------------------------------------------------------- the matrix, in-process


@pytest.mark.parametrize(("case", "command"), MATRIX)
def test_refused_in_process(case: Case, command: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GEORANGE_DEBUG", raising=False)
    before = prepare(tmp_path, case, command)
    rc = main(argv(command, case.name))
    captured = capsys.readouterr()
    assert_refused(case, rc, captured.out, captured.err)
    assert_untouched(tmp_path, before)


# --------------------------------------------------------------------------- real subprocesses


def run_cli(args: list[str], cwd: Path, *, memory_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GEORANGE_DEBUG"}

    def limit() -> None:
        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run(
        [sys.executable, "-m", "georange", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        preexec_fn=limit,
        check=False,
    )


def _case(name: str) -> Case:
    return next(c for c in CORPUS_CASES if c.name == name)


# Each subprocess costs about a second: every command for one file, then one or two commands for a few others.
SUBPROCESS = (
    _params([_case("source-missing.yaml")], list(COMMANDS))
    + _params([_case("yaml-python-tag.yaml"), generated_case("huge-6mb.yaml")], ["validate", "render"])
    + _params(
        [
            _case("yaml-unclosed-flow.yaml"),
            _case("binary-junk.bin"),
            _case("url-javascript.yaml"),
            _case("typo-rnages.yaml"),
            generated_case("deep-flow-50000.yaml"),
        ],
        ["validate"],
    )
)


@pytest.mark.parametrize(("case", "command"), SUBPROCESS)
def test_refused_by_the_real_cli(case: Case, command: str, tmp_path: Path) -> None:
    before = prepare(tmp_path, case, command)
    result = run_cli(argv(command, case.name), tmp_path)
    assert_refused(case, result.returncode, result.stdout, result.stderr)
    assert_untouched(tmp_path, before)


def test_alias_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    case = Case(
        name="billion-laughs.yaml",
        data=_laughs(),
        breaks="YAML alias bomb",
        expect=("-",),
        messages=(),
    )
    before = prepare(tmp_path, case, "validate")
    start = time.monotonic()
    result = run_cli(["validate", case.name], tmp_path, memory_limit=600 * 2**20)
    elapsed = time.monotonic() - start
    assert_refused(case, result.returncode, result.stdout, result.stderr[:100_000])
    assert len(result.stderr) < 100_000, "the message must not echo the expanded structure"
    assert elapsed < 20, elapsed
    assert_untouched(tmp_path, before)
