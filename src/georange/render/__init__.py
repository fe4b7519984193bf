"""Renderers: they draw precomputed features and never compute geodesy."""
