"""Evaluation of the guide: blind sets and their scores. Never imported by the runtime package."""
