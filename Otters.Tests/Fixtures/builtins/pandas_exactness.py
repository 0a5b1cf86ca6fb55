#!/usr/bin/python3
"""Measures how far pandas' rolling std drifts from the exact result on a long random walk near 1e6.

The same experiment as RollingMomentsTests.Run_RandomWalkNear1e6_StdWithinExactReference (the walk
differs: numpy's generator, not .NET's), so the two errors can be compared. The exact variance of
each window comes from integer arithmetic: every price is a multiple of 2**-33, so scaled prices
are integers and sliding sums of them and their squares are exact.
Run: /usr/bin/python3 pandas_exactness.py [rows] [window] [step]
"""
import sys
import numpy as np
import pandas as pd

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
window = int(sys.argv[2]) if len(sys.argv) > 2 else 20
step = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01

rng = np.random.default_rng(42)
x = 1e6 + np.cumsum(rng.normal(0, step, rows))
scaled = x * 2.0**33
assert np.all(scaled == np.floor(scaled)), "prices must be multiples of 2**-33"
ints = [int(v) for v in scaled]
base = ints[0]
d = [v - base for v in ints]

std = pd.Series(x).rolling(window).std().to_numpy()
worst = 0.0
s1 = sum(d[:window - 1])
s2 = sum(v * v for v in d[:window - 1])
for i in range(window - 1, rows):
    s1 += d[i]
    s2 += d[i] * d[i]
    num = window * s2 - s1 * s1          # = var * w * (w - 1) * 2**66, exactly
    exact = (num / (window * (window - 1))) ** 0.5 / 2.0**33
    if exact > 0:
        worst = max(worst, abs(std[i] - exact) / exact)
    s1 -= d[i - window + 1]
    s2 -= d[i - window + 1] ** 2
print(f"pandas {pd.__version__}: rolling({window}).std() over {rows} random-walk rows near 1e6 (step sd {step}): "
      f"max relative error {worst:.3g}")
