# GELU weights each input by how likely a standard normal value is to be
# smaller than it: GELU(x) = x * P(Z <= x) = 0.5 * x * (1 + erf(x / sqrt(2))).
# The result is a smooth curve: close to ReLU far from zero, but soft near it.
import math


def gelu(x):
    return 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0)))


for x in [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0]:
    print(f"at x = {x:4.1f}:   ReLU {max(0.0, x):6.4f}   GELU {gelu(x):7.4f}")

# Expected output:
# at x = -3.0:   ReLU 0.0000   GELU -0.0040
# at x = -1.0:   ReLU 0.0000   GELU -0.1587
# at x = -0.5:   ReLU 0.0000   GELU -0.1543
# at x =  0.0:   ReLU 0.0000   GELU  0.0000
# at x =  0.5:   ReLU 0.5000   GELU  0.3457
# at x =  1.0:   ReLU 1.0000   GELU  0.8413
# at x =  3.0:   ReLU 3.0000   GELU  2.9960
