"""The ``georange`` command line: parse arguments, call the library, report errors.

Errors in user input become one-line messages naming the file and the key
path, with a non-zero exit status and no traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from georange._errors import GeoRangeError, ValidationError
from georange.render import RENDERERS

_SCENARIO_HELP = "SCENARIO is a YAML file or a built-in scenario id; default: the built-in 'venezuela'."


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: import the version (importlib.metadata) only when it is asked for."""
    if not value or ctx.resilient_parsing:
        return
    from georange._version import __version__

    click.echo(f"georange, version {__version__}")
    ctx.exit()


def _default_output(scenario_id: str, suffix: str) -> Path:
    return Path("output") / f"{scenario_id}{suffix}"


_scenario_argument = click.argument("scenario", required=False)
_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file. Default: output/<scenario id>.<ext>.",
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Sites are hypothetical placements; ranges are cited public estimates.",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Progress bars for long steps (shown only when standard error is a terminal).",
)
def app(progress: bool) -> None:
    """Geodesically exact, cited range maps of publicly reported weapon-system ranges.

    Every range, coordinate and reference distance carries its sources and an
    estimate flag; every output shows them.
    """
    from georange import settings

    settings.progress_bars = progress


@app.command(epilog=_SCENARIO_HELP)
@_scenario_argument
@_output_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(RENDERERS)),
    default="html",
    show_default=True,
    help="html: the interactive map; png/svg: the static figure for print.",
)
@click.option(
    "--self-contained",
    is_flag=True,
    help="Inline Leaflet (scripts, styles, images) so the HTML works with no network.",
)
@click.option("--embed-snippet", is_flag=True, help="Also print a responsive <iframe> snippet for the HTML map.")
@click.option("--dpi", type=click.IntRange(min=50, max=1200), default=300, show_default=True, help="PNG resolution.")
def render(
    scenario: str | None, output: Path | None, fmt: str, self_contained: bool, embed_snippet: bool, dpi: int
) -> None:
    """Write the map of SCENARIO (interactive HTML, or a PNG/SVG figure) and print its path.

    Examples: georange render --self-contained --embed-snippet;
    georange render --format png -o output/venezuela.png
    """
    from georange._io import write_atomic
    from georange.loading import load_scenario

    scn = load_scenario(scenario)
    draw, suffix = RENDERERS[fmt]
    path = write_atomic(output or _default_output(scn.id, suffix), draw(scn, self_contained=self_contained, dpi=dpi))
    click.echo(str(path))
    if embed_snippet and fmt == "html":
        from georange.render.html_map import embed_snippet as snippet

        click.echo(snippet(scn, src=path.name))


@app.command(epilog=_SCENARIO_HELP)
@_scenario_argument
@_output_option
@click.option("-f", "--format", "fmt", type=click.Choice(["png", "svg"]), default="png", show_default=True)
@click.option("--place", "places", multiple=True, help="Also compare with this place id (repeatable).")
@click.option("--dpi", type=click.IntRange(min=50, max=1200), default=300, show_default=True, help="PNG resolution.")
def chart(scenario: str | None, output: Path | None, fmt: str, places: tuple[str, ...], dpi: int) -> None:
    """Draw each site's distance to US territory (and places) against the 90 miles and the ranges.

    Example: georange chart --place miami --place washington -o output/chart.png
    """
    from georange._io import write_atomic
    from georange.loading import load_scenario
    from georange.render.chart import comparison_chart
    from georange.render.static_map import figure_bytes

    scn = load_scenario(scenario)
    known = {p.id for p in scn.places}
    unknown = [p for p in places if p not in known]
    if unknown:
        raise ValidationError([f"--place: '{unknown[0]}' is not a place of scenario '{scn.id}'"])
    fig = comparison_chart(scn, places=list(places) or None)
    path = write_atomic(output or _default_output(f"{scn.id}-chart", f".{fmt}"), figure_bytes(fig, fmt, dpi=dpi))
    click.echo(str(path))


@app.command("export", epilog=_SCENARIO_HELP)
@_scenario_argument
@click.option(
    "-f",
    "--format",
    "fmt",
    default="geojson",
    show_default=True,
    help="geojson (RFC 7946, with provenance), kml (Google Earth) or csv (one row per ring or band).",
)
@_output_option
def export_cmd(scenario: str | None, fmt: str, output: Path | None) -> None:
    """Export SCENARIO's sites, rings, bands and references with their sources.

    Example: georange export --format kml -o output/venezuela.kml
    """
    from georange._io import write_atomic
    from georange.export import EXPORTERS, FORMATS
    from georange.loading import load_scenario

    if fmt not in EXPORTERS:
        raise ValidationError([f"--format: unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}"])
    scn = load_scenario(scenario)
    text, suffix = EXPORTERS[fmt]
    path = write_atomic(output or _default_output(scn.id, suffix), text(scn, None))
    click.echo(str(path))


_report_format = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table (readable), csv or json.",
)


@app.command(epilog=_SCENARIO_HELP)
@_scenario_argument
@_report_format
def distances(scenario: str | None, fmt: str) -> None:
    """Print distances: each reference reported vs computed, sites to US territory and to places.

    Example: georange distances --format json
    """
    from georange.loading import load_scenario
    from georange.report import distances_report

    click.echo(distances_report(load_scenario(scenario), fmt), nl=False)


@app.command(epilog=_SCENARIO_HELP)
@_scenario_argument
@_report_format
@click.option(
    "--min-population",
    type=click.IntRange(min=500),
    default=15000,
    show_default=True,
    help="Count GeoNames cities of at least this many people.",
)
def coverage(scenario: str | None, fmt: str, min_population: int) -> None:
    """Print what each ring covers: GeoNames cities, population, countries, US states.

    Example: georange coverage --min-population 100000
    """
    from georange.loading import load_scenario
    from georange.report import coverage_report

    click.echo(coverage_report(load_scenario(scenario), fmt, min_population=min_population), nl=False)


@app.command()
@click.argument("file")
def validate(file: str) -> None:
    """Check a scenario FILE (and the catalogue it uses); print every problem.

    Example: georange validate my-scenario.yaml
    """
    from georange.loading import load_scenario
    from georange.words import say, say_n
    from georange.words._basis import count_by_basis

    scn = load_scenario(file)
    n_params = sum(len(s.ranges) for s in scn.systems) + len(scn.sites) + len(scn.places) + len(scn.references)
    click.echo(
        say(
            "validate.ok",
            file=scn.source,
            systems=say_n("systems.count", len(scn.systems)),
            sites=count_by_basis(site.basis for site in scn.sites),
            places=say_n("places.count", len(scn.places)),
            references=say_n("references.count", len(scn.references)),
            parameters=say_n("parameters.cited.count", n_params),
        )
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format.

    Example: georange schema > scenario.schema.json
    """
    from georange.schema import scenario_json_schema

    click.echo(json.dumps(scenario_json_schema(), indent=2, sort_keys=True))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (never raises for user errors)."""
    from georange import settings

    bars = settings.progress_bars
    try:
        return _main(argv)
    finally:
        settings.progress_bars = bars  # the library's setting is the caller's again


def _main(argv: list[str] | None) -> int:
    try:
        app.main(args=argv, prog_name="georange", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return int(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("georange: aborted", err=True)
        return 130
    except GeoRangeError as exc:
        for line in str(exc).splitlines():
            click.echo(f"georange: error: {line}", err=True)
        return 1
    except Exception as exc:  # an internal bug: say so without a traceback unless asked
        if os.environ.get("GEORANGE_DEBUG"):
            raise
        click.echo(
            f"georange: internal error: {type(exc).__name__}: {exc} (set GEORANGE_DEBUG=1 for the traceback)",
            err=True,
        )
        return 70
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
