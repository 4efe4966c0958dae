#!/usr/bin/python3
"""Fits the two polynomials of the runtime's float erf (Runtime/Kernels/LaneMath.cs) and prints them as C# literals.

Run with Debian's numpy: `/usr/bin/python3 tools/golden/fit_erf.py`. For |x| < 0.875, erf x = x + x·P(x²) with P of
degree 6 fitted to erf(x)/x − 1; for 0.875 ≤ |x| ≤ 4, erf x = 1 − exp(Q(|x|)) with Q of degree 8 fitted to
ln erfc x. Each fit is a least-squares fit on Chebyshev nodes refined towards minimax by Lawson's reweighting.
The script also prints the worst error of a float32 evaluation (fused multiply-adds emulated in double) on a dense
grid; the C# tests measure the real implementation.
"""
import math

import numpy as np

NODES = 4000


def fit(variable, target, degree, weights=None):
    matrix = np.vander(variable, degree + 1)
    if weights is not None:
        matrix, target = matrix * weights[:, None], target * weights
    return np.linalg.lstsq(matrix, target, rcond=None)[0]


def lawson(variable, target, degree, rounds=40):
    coefficients, weights = fit(variable, target, degree), np.ones(len(variable))
    for _ in range(rounds):
        error = np.abs(np.polyval(coefficients, variable) - target)
        weights = weights * (error / error.max() + 1e-3)
        weights /= weights.max()
        coefficients = fit(variable, target, degree, np.sqrt(weights))
    return coefficients


def horner_f32(coefficients, t):
    acc = np.full(t.shape, np.float32(coefficients[0]), dtype=np.float32)
    for c in coefficients[1:]:
        acc = (acc.astype(np.float64) * t.astype(np.float64) + np.float64(np.float32(c))).astype(np.float32)
    return acc


def ulps(values, reference):
    return np.abs(values.astype(np.float64) - reference) / np.spacing(np.abs(reference).astype(np.float32))


erf, erfc = np.vectorize(math.erf), np.vectorize(math.erfc)
nodes = (np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES) + 1) / 2

x = nodes * 0.875
small = lawson(x * x, erf(x) / x - 1, 6)
x = 0.875 + nodes * (4 - 0.875)
large = lawson(x, np.log(erfc(x)), 8)

for name, c in (("P", small), ("Q", large)):
    print(name, ", ".join(repr(float(np.float32(v))) + "f" for v in c))

grid = np.linspace(1e-6, 0.875, 200001, endpoint=False).astype(np.float32)
y = (grid.astype(np.float64) * horner_f32(small, (grid * grid).astype(np.float32)) + grid).astype(np.float32)
print("P max ulp", ulps(y, erf(grid.astype(np.float64))).max())
grid = np.linspace(0.875, 4, 200001).astype(np.float32)
y = (np.float32(1) - np.exp(horner_f32(large, grid).astype(np.float64)).astype(np.float32)).astype(np.float32)
print("Q max ulp", ulps(y, erf(grid.astype(np.float64))).max())
