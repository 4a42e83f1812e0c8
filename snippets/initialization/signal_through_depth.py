# A batch of random inputs pushed through 20 Dense(256, relu) layers,
# once per way of starting the weights. The std of each layer's outputs
# shows whether the signal keeps its size, fades away or dies.
from functools import partial

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

# name: (a maker of fresh initializers, so each layer gets new weights,
#        the variance Var(w) it draws the weights with)
inits = {
    "all zeros": (keras.initializers.Zeros, 0.0),
    "too small (std 0.01)": (
        partial(keras.initializers.RandomNormal, stddev=0.01), 0.01**2),
    "Xavier (glorot_uniform)": (keras.initializers.GlorotUniform,
                                2 / (256 + 256)),
    "He (he_normal)": (keras.initializers.HeNormal, 2 / 256),
}
x0 = np.random.default_rng(0).normal(size=(1000, 256)).astype("float32")

depths = (1, 5, 10, 20)
print(f"{'std of outputs, layer':23}", *(f"{d:>8}" for d in depths),
      "  factor  formula")
for name, (init, var_w) in inits.items():
    keras.utils.set_random_seed(0)
    x, stds = x0, []
    for _ in range(20):
        x = layers.Dense(256, activation="relu",
                         kernel_initializer=init())(x)
        stds.append(float(np.std(x)))
    # factor: the std's average change per layer (19 steps, 1 -> 20);
    # formula: sqrt(fan_in * Var(w) / 2), ReLU keeping half the variance
    factor = f"{(stds[-1] / stds[0]) ** (1 / 19):.3f}" if stds[0] else "-"
    formula = (256 * var_w / 2) ** 0.5
    print(f"{name:23}", *(f"{stds[d - 1]:8.3g}" for d in depths),
          f"{factor:>8} {formula:8.3f}")

# Expected output:
# std of outputs, layer          1        5       10       20   factor  formula
# all zeros                      0        0        0        0        -    0.000
# too small (std 0.01)      0.0939 1.51e-05 2.35e-10 7.31e-20    0.111    0.113
# Xavier (glorot_uniform)    0.586    0.133   0.0214 0.000763    0.705    0.707
# He (he_normal)             0.828    0.813    0.835     1.03    1.011    1.000
