"""Reasoning over the knowledge base: understanding, grounded composition, dialogue memory."""
from .guide import CampusGuide, GuideAnswer, GuideConfig, GuideInputError

__all__ = ["CampusGuide", "GuideAnswer", "GuideConfig", "GuideInputError"]
