"""cleaner: turn garbled scraped news articles back into clean text, with explained edits.

>>> from cleaner import clean_text, apply
>>> r = clean_text("It\\u00e2\\u20ac\\u2122s fine.\\n\\n\\n\\nEnd.\\n")
>>> r.text
'It’s fine.\\n\\nEnd.\\n'
>>> apply(r.original, r.edits) == r.text
True
"""

from cleaner.api import clean_batch, clean_record
from cleaner.config import Config
from cleaner.edits import Edit, apply
from cleaner.pipeline import Result, clean_text

__all__ = ["Config", "Edit", "Result", "apply", "clean_batch", "clean_record", "clean_text"]
__version__ = "0.1.0"
