"""The pipeline's matrix products on NumPy's BLAS rather than thinc's bundled BLIS.

The layers of the pipeline (the token vectors above all) multiply small matrices, a few hundred
rows by 384 columns; on our machines NumPy's OpenBLAS does that about twice as fast as the BLIS
thinc ships, for the same results to float precision (the extractor's facts on the corpora are
the same). Only ``gemm`` changes; thinc's compiled kernels do the rest.

>>> import numpy
>>> ops = NumpyMatmulOps()
>>> ops.gemm(numpy.ones((2, 3), dtype="f"), numpy.ones((4, 3), dtype="f"), trans2=True).shape
(2, 4)
"""

from __future__ import annotations

import numpy
from thinc.api import NumpyOps, registry


@registry.ops("NumpyMatmulOps")
class NumpyMatmulOps(NumpyOps):
    """``NumpyOps`` with ``gemm`` done by ``numpy.matmul``."""

    name = "numpy_matmul"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.ascontiguousarray(a @ b)
        numpy.matmul(a, b, out=out)
        return out
