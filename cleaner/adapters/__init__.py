"""Adapters to data-processing engines; each imports its engine lazily (install the extra it names).

* :mod:`cleaner.adapters.datatrove`: a datatrove ``PipelineStep`` (extra ``datatrove``);
* :mod:`cleaner.adapters.dask`: clean a ``dask.bag`` of records on a cluster (extra ``dask``).
"""
