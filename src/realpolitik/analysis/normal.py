"""The standard normal distribution function and its inverse, without SciPy.

``cdf`` is ``0.5·erfc(−x/√2)`` through :func:`math.erfc` (scalars only: the sampler needs
it at the bounds of a truncation). ``quantile`` is Wichura's algorithm AS 241 (PPND16),
"The percentage points of the normal distribution", Applied Statistics 37(3), 1988,
477–484: rational approximations of degree 7 in three regions (|p − ½| ≤ 0.425, then
r = √(−log min(p, 1 − p)) ≤ 5 and beyond), accurate to about 1 part in 10¹⁶. The
coefficients are those printed in the paper.
"""

from __future__ import annotations

import math

import numpy as np

_SPLIT1, _SPLIT2, _CONST1, _CONST2 = 0.425, 5.0, 0.180625, 1.6
# numerator and denominator coefficients, highest degree first (np.polyval order)
_CENTRAL = (
    (2.5090809287301226727e3, 3.3430575583588128105e4, 6.7265770927008700853e4, 4.5921953931549871457e4,
     1.3731693765509461125e4, 1.9715909503065514427e3, 1.3314166789178437745e2, 3.3871328727963666080e0),
    (5.2264952788528545610e3, 2.8729085735721942674e4, 3.9307895800092710610e4, 2.1213794301586595867e4,
     5.3941960214247511077e3, 6.8718700749205790830e2, 4.2313330701600911252e1, 1.0),
)
_INTERMEDIATE = (
    (7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1, 1.27045825245236838258e0,
     3.64784832476320460504e0, 5.76949722146069140550e0, 4.63033784615654529590e0, 1.42343711074968357734e0),
    (1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2, 1.48103976427480074590e-1,
     6.89767334985100004550e-1, 1.67638483018380384940e0, 2.05319162663775882187e0, 1.0),
)
_TAIL = (
    (2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3, 2.65321895265761230930e-2,
     2.96560571828504891230e-1, 1.78482653991729133580e0, 5.46378491116411436990e0, 6.65790464350110377720e0),
    (2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5, 7.86869131145613259100e-4,
     1.48753612908506148525e-2, 1.36929880922735805310e-1, 5.99832206555887937690e-1, 1.0),
)


def cdf(x: float) -> float:
    """Φ(x), the standard normal distribution function, for a scalar."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _ratio(coef: tuple[tuple[float, ...], tuple[float, ...]], r: np.ndarray) -> np.ndarray:
    return np.polyval(coef[0], r) / np.polyval(coef[1], r)


def quantile(p: np.ndarray | float) -> np.ndarray:
    """Φ⁻¹(p) elementwise (AS 241); −inf at 0, +inf at 1, NaN outside [0, 1]."""
    p = np.asarray(p, dtype=float)
    q = p - 0.5
    out = np.empty_like(q)
    central = np.abs(q) <= _SPLIT1
    if central.any():
        qc = q[central]
        out[central] = qc * _ratio(_CENTRAL, _CONST1 - qc * qc)
    outer = ~central
    if outer.any():
        qo = q[outer]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.sqrt(-np.log(np.where(qo < 0, p[outer], 1.0 - p[outer])))
            z = np.where(r <= _SPLIT2, _ratio(_INTERMEDIATE, r - _CONST2), _ratio(_TAIL, r - _SPLIT2))
        z = np.where(np.isinf(r), np.inf, z)
        out[outer] = np.where(qo < 0, -z, z)
    return out[()] if out.ndim == 0 else out
