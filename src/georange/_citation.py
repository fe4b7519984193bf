"""How to cite georange (mirrors CITATION.cff at the repository root)."""

from __future__ import annotations

from georange._version import __version__

__all__ = ["citation"]


def citation(style: str = "text") -> str:
    """How to cite georange.

    Parameters
    ----------
    style
        ``"text"`` for a sentence, ``"bibtex"`` for a BibTeX entry.

    Examples
    --------
    >>> print(citation().split(".")[0])
    georange contributors (2026)
    """
    title = "georange: geodesically exact, cited range maps of publicly reported weapon-system ranges"
    if style == "bibtex":
        return (
            "@software{georange,\n"
            "  author = {{georange contributors}},\n"
            f"  title = {{{title}}},\n"
            f"  version = {{{__version__}}},\n"
            "  year = {2026},\n"
            "}"
        )
    if style != "text":
        raise ValueError(f"style must be 'text' or 'bibtex', not {style!r}")
    return (
        f"georange contributors (2026). {title}. Version {__version__}. "
        "Cite the sources of every figure you show as well; georange lists them with each figure."
    )
