"""The JSON Schema of the scenario format (``georange schema``).

It is printed from :class:`georange.scenario.ScenarioFile`, the same model
the loader validates every scenario file through.
"""

from __future__ import annotations

from typing import Any

from georange.scenario import ScenarioFile

__all__ = ["scenario_json_schema"]


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that scenario files follow."""
    schema = ScenarioFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
