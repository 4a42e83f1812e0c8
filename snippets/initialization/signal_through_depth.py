# A batch of random inputs pushed through 20 Dense(256, relu) layers,
# once per way of starting the weights. The std of each layer's outputs
# shows whether the signal keeps its size, fades away or dies.
from functools import partial

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

# Each entry makes a fresh initializer, so every layer gets new weights.
inits = {
    "all zeros": keras.initializers.Zeros,
    "too small (std 0.01)": partial(keras.initializers.RandomNormal,
                                    stddev=0.01),
    "Xavier (glorot_uniform)": keras.initializers.GlorotUniform,
    "He (he_normal)": keras.initializers.HeNormal,
}
x0 = np.random.default_rng(0).normal(size=(1000, 256)).astype("float32")

depths = (1, 5, 10, 20)
print(f"{'std of the outputs, layer':24}", *(f"{d:>9}" for d in depths))
for name, init in inits.items():
    keras.utils.set_random_seed(0)
    x, stds = x0, []
    for _ in range(20):
        x = layers.Dense(256, activation="relu",
                         kernel_initializer=init())(x)
        stds.append(float(np.std(x)))
    print(f"{name:24}", *(f"{stds[d - 1]:9.3g}" for d in depths))

# Expected output:
# std of the outputs, layer         1         5        10        20
# all zeros                        0         0         0         0
# too small (std 0.01)        0.0939  1.51e-05  2.35e-10  7.31e-20
# Xavier (glorot_uniform)      0.586     0.133    0.0214  0.000763
# He (he_normal)               0.828     0.813     0.835      1.03
