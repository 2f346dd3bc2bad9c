"""Renderings of extraction results for people (tables); JSON comes from ``schema``."""
