# He initialization was derived for ReLU. GELU, z * Phi(z), is close to
# ReLU for large inputs but passes on less near 0. The same batch goes
# through 20 Dense(256) layers started with he_normal, once with ReLU and
# once with GELU; the std of each layer's outputs is measured.
import math

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x0 = np.random.default_rng(0).normal(size=(1000, 256)).astype("float32")
depths = (1, 5, 10, 20)
print(f"{'std of outputs, layer':22}", *(f"{d:>6}" for d in depths))
for act in ("relu", "gelu"):
    keras.utils.set_random_seed(0)
    x, stds = x0, []
    for _ in range(20):
        x = layers.Dense(256, activation=act,
                         kernel_initializer="he_normal")(x)
        stds.append(float(np.std(x)))
    print(f"{'He + ' + act:22}", *(f"{stds[d - 1]:6.2f}" for d in depths))

# Why: the share of a layer's input variance Var(z) that comes out as
# E[f(z)^2], for z normal with mean 0. ReLU keeps half at any spread, and
# He's factor 2 wins that half back. GELU keeps less, and less still for
# small z, so each layer shrinks the signal and the next one shrinks more.
u = np.linspace(-12, 12, 24001)  # a grid for the normal's density
density = np.exp(-u**2 / 2) / math.sqrt(2 * math.pi) * (u[1] - u[0])
erf = np.vectorize(math.erf)
print(f"\n{'E[f(z)^2] / Var(z)':22}{'relu':>7}{'gelu':>7}")
for s in (1.0, 0.2):  # z = s * u has variance s**2
    z = s * u
    relu, gelu = np.maximum(z, 0), z * 0.5 * (1 + erf(z / math.sqrt(2)))
    print(f"{f'  z of std {s}':22}",
          *(f"{np.sum(f**2 * density) / s**2:6.3f}" for f in (relu, gelu)))

# Expected output:
# std of outputs, layer       1      5     10     20
# He + relu                0.83   0.81   0.83   1.03
# He + gelu                0.85   0.69   0.53   0.21
#
# E[f(z)^2] / Var(z)       relu   gelu
#   z of std 1.0          0.500  0.425
#   z of std 0.2          0.500  0.268
