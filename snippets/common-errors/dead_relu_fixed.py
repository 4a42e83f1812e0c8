# The fixes for dead ReLUs, one at a time, on the same data and network:
# a leaky or smooth activation, or plain ReLU with He init and a lower
# learning rate. LeakyReLU and GELU are never exactly 0 for a negative input,
# so their units keep a gradient and cannot die.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")


def dead_fraction(hidden):
    # a unit is dead if its output is exactly 0 for every example
    return np.all(hidden(x).numpy() == 0, axis=0).mean()


def train(label, activation="relu", init="glorot_uniform", lr=0.01,
          bias=0.0):
    keras.utils.set_random_seed(0)
    hidden = layers.Dense(64, activation, kernel_initializer=init,
                          bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input((8,)), hidden, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    before = dead_fraction(hidden)
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    after = dead_fraction(hidden)
    loss = history.history["loss"]  # mean loss of each of the 5 epochs
    print(f"{label:22} dead units: {before:4.0%} -> {after:4.0%}   "
          f"loss: {loss[0]:5.2f} -> {loss[-1]:5.2f}")


train("LeakyReLU, lr 0.25", "leaky_relu", lr=0.25)    # same high rate
train("GELU, lr 0.25", "gelu", lr=0.25)               # same high rate
train("ReLU, He init, lr 0.01", init="he_normal")     # lower rate, He init
train("LeakyReLU, bias -3", "leaky_relu", bias=-3.0)  # same negative bias

# Expected output:
# LeakyReLU, lr 0.25     dead units:   0% ->   0%   loss:  7.09 ->  1.34
# GELU, lr 0.25          dead units:   0% ->   0%   loss:  3.86 ->  0.94
# ReLU, He init, lr 0.01 dead units:   0% ->   0%   loss: 10.22 ->  0.82
# LeakyReLU, bias -3     dead units:   0% ->   0%   loss: 12.93 -> 10.15
