"""The skill extractor: any Russian or English text onto the taxonomy's skills.

`extract(text)` gives (URI, score, evidence span, method) for the skills a text names or
describes; `rank(sentence)` scores every skill (for the evaluation against external benchmarks).
"""

from edcluster.skills.extraction.engine import Found, extract, extractor, rank

__all__ = ["Found", "extract", "extractor", "rank"]
