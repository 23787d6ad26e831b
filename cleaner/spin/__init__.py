"""The spin stage's parts, one module per concern.

- :mod:`~cleaner.spin.tokens`: word tokens with spans, sentence breaks and quote depth;
- :mod:`~cleaner.spin.casing`: carry the capitalisation of a spun phrase over to its repair;
- :mod:`~cleaner.spin.fingerprints`: spun phrases that practically never occur in clean news,
  spintax debris, digits for number words;
- :mod:`~cleaner.spin.thesaurus`: candidate originals of a spun word (Moby, inverted; user files);
- :mod:`~cleaner.spin.lm`: the CMU English 3-gram model of pocketsphinx, loaded lazily;
- :mod:`~cleaner.spin.context`: choose among candidates with the language model;
- :mod:`~cleaner.spin.verdict`: the document's spin score and verdict.
"""
