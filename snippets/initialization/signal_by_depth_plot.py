# The std of every layer's outputs in a 20-layer ReLU stack (256 units
# per layer), for four ways of starting the weights, on a log scale.
from functools import partial

import matplotlib.pyplot as plt
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
floor = 1e-22  # a std of exactly 0 cannot sit on a log axis: drawn here

fig, ax = plt.subplots(figsize=(7, 3.2))
for (name, init), marker in zip(inits.items(), "xv^o"):
    keras.utils.set_random_seed(0)
    x, stds = x0, []
    for _ in range(20):
        x = layers.Dense(256, activation="relu",
                         kernel_initializer=init())(x)
        stds.append(float(np.std(x)))
    print(f"{name:24} std at layer 20: {stds[-1]:.3g}")
    ax.plot(range(1, 21), np.maximum(stds, floor), marker=marker,
            markersize=4, label=name)
ax.text(14, floor * 20, "all zeros: std exactly 0, drawn at the "
        "bottom", color="C0", fontsize=8, ha="center")
ax.set_yscale("log")
ax.set_ylim(floor / 3, 30)
ax.set_xticks([1, 5, 10, 15, 20])
ax.set(title="Activation std through 20 ReLU layers",
       xlabel="layer", ylabel="std of the outputs")
ax.grid(alpha=0.3)
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()
plt.show()

# Expected output:
# all zeros                std at layer 20: 0
# too small (std 0.01)     std at layer 20: 7.31e-20
# Xavier (glorot_uniform)  std at layer 20: 0.000763
# He (he_normal)           std at layer 20: 1.03
