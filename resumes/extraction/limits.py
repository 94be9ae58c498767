"""Limits that keep one hostile or huge document from eating a worker: sizes, zip members, OCR resolution."""

from __future__ import annotations

DEFAULT_MAX_UNCOMPRESSED = 50 * 1024 * 1024
DEFAULT_MAX_ZIP_MEMBERS = 2000
# XML compresses about 5-20x; a big member far beyond that is a bomb, not a resume.
MAX_COMPRESSION_RATIO = 200
OCR_DPI = 300
# A Letter page at 300 dpi is 2550x3300; cap odd page sizes (posters) so one
# page cannot eat the whole time budget or the worker's memory.
OCR_MAX_SIDE_PX = 4000
