"""A deterministic synthetic archive for benchmarks (see `manage.py generate_corpus`).

Every synthetic row is marked by a slug starting "synthetic-" (sources and topics are
also named "Synthetic …", article URLs point at *.synthetic.invalid), so the corpus
can be removed without touching the seed archive or editors' work.
"""

from .build import PREFIX, CorpusBuilder, clear_synthetic, refresh_search_vectors
from .words import RARE_WORD

__all__ = ["PREFIX", "RARE_WORD", "CorpusBuilder", "clear_synthetic", "refresh_search_vectors"]
