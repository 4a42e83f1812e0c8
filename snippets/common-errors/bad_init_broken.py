# Bad initialization: the same 3-hidden-layer ReLU network on the digits,
# started with weights far too large, far too small, or all zeros; then how
# much one ReLU layer scales the spread of its input, against the rule.
from functools import partial

import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixels 0..16 -> 0..1
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def losses(init):  # init() makes a fresh initializer for each layer
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((64,))]
        + [layers.Dense(64, "relu", kernel_initializer=init())
           for _ in range(3)]
        + [layers.Dense(10, kernel_initializer=init())])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss)
    start = float(loss(y, model(x)))  # before any training step
    history = model.fit(x, y, epochs=5, batch_size=64, verbose=0)
    return " ".join(f"{v:.4g}" for v in [start] + history.history["loss"])


def gain(std):  # how many times hidden layer 3 scales layer 2's spread
    keras.utils.set_random_seed(0)
    spread, h = [], x
    for _ in range(3):
        init = normal(stddev=std)
        h = layers.Dense(64, "relu", kernel_initializer=init)(h)
        spread.append(np.std(h))
    rule = std * np.sqrt(64 / 2)  # weights' std * sqrt(inputs / 2)
    print(f"std {std:g}, spread gain per layer: {spread[2] / spread[1]:.3g}"
          f" (rule: {rule:.3g})")


normal = keras.initializers.RandomNormal
print("loss before training, then after each of 5 epochs")
print("std 100  :", losses(partial(normal, stddev=100.0)))  # far too large
print("std 0.001:", losses(partial(normal, stddev=0.001)))  # far too small
print("all zeros:", losses(keras.initializers.Zeros))
gain(100.0)
gain(0.001)

# Expected output:
# loss before training, then after each of 5 epochs
# std 100  : 9.666e+10 nan nan nan nan nan
# std 0.001: 2.303 2.303 2.303 2.303 2.304 2.304
# all zeros: 2.303 2.303 2.303 2.303 2.304 2.304
# std 100, spread gain per layer: 567 (rule: 566)
# std 0.001, spread gain per layer: 0.00567 (rule: 0.00566)
