"""Facts about the campus: schema, loader, place search and the walking graph."""
from .graph import CampusGraph, Path
from .loader import DEFAULT_KB_PATH, load_knowledge_base
from .schema import LANGUAGES, KnowledgeBase, KnowledgeBaseError, Place
from .search import PlaceIndex, PlaceMention

__all__ = ["LANGUAGES", "CampusGraph", "Path", "DEFAULT_KB_PATH", "load_knowledge_base", "KnowledgeBase",
           "KnowledgeBaseError", "Place", "PlaceIndex", "PlaceMention"]
