"""Renderers: they draw precomputed features and never compute geodesy.

:data:`RENDERERS` maps each render format to its function and file suffix;
importing this package loads neither folium nor matplotlib.
"""

from georange.render._formats import RENDER_FORMATS, RENDERERS, Renderer

__all__ = ["RENDERERS", "RENDER_FORMATS", "Renderer"]
