"""The report's identity (``meta``): title, agency, year, published date,
publisher, agency key and region, each with where it was read."""

from __future__ import annotations

from .build import build_identity, check_against_form
from .key import agency_key

__all__ = ["agency_key", "build_identity", "check_against_form"]
