# Fixes for dead ReLUs, same data, network and test for dead units. Each run
# changes ONE thing from a broken run (He init: from the line above it).
from functools import partial

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")


# LeakyReLU with its slope set: 0.2, as Keras's "leaky_relu" has it (the other
# pages use 0.01, the LeakyReLU layer defaults to 0.3)
leaky = partial(keras.activations.leaky_relu, negative_slope=0.2)


def slope(activation, z):  # d activation / d z, element by element
    z = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = activation(z)
    return tape.gradient(out, z).numpy()


def dead_share(hidden):
    z = x @ hidden.kernel.numpy() + hidden.bias.numpy()
    return np.all(np.abs(slope(hidden.activation, z)) < 1e-3, axis=0).mean()


def train(label, lr, activation="relu", init="glorot_uniform", bias=0.0):
    keras.utils.set_random_seed(0)
    hidden = layers.Dense(64, activation, kernel_initializer=init,
                          bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input((8,)), hidden, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    before = dead_share(hidden)
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    loss = history.history["loss"]  # mean loss of each of the 5 epochs
    print(f"{label:22} dead units: {before:4.0%} -> {dead_share(hidden):4.0%}"
          f"   loss: {loss[0]:5.2f} -> {loss[-1]:5.2f}")


train("ReLU, lr 0.01", 0.01)                   # a lower learning rate
train("ReLU, lr 0.01, He init", 0.01, init="he_normal")  # then He init
train("LeakyReLU, lr 0.25", 0.25, leaky)        # slope 0.2 below zero
train("GELU, lr 0.25", 0.25, "gelu")             # smooth, but see below
train("LeakyReLU, bias -3", 0.01, leaky, bias=-3.0)
gelu = slope(keras.activations.gelu, [-2.0, -4.0, -6.0])  # fades to 0
print("GELU slope at -2, -4, -6:", " ".join(f"{s:.2g}" for s in gelu))

# Expected output:
# ReLU, lr 0.01          dead units:   0% ->   0%   loss: 11.68 ->  1.48
# ReLU, lr 0.01, He init dead units:   0% ->   0%   loss: 10.22 ->  0.82
# LeakyReLU, lr 0.25     dead units:   0% ->   0%   loss:  7.09 ->  1.34
# GELU, lr 0.25          dead units:   0% ->   0%   loss:  3.86 ->  0.94
# LeakyReLU, bias -3     dead units:   0% ->   0%   loss: 12.93 -> 10.15
# GELU slope at -2, -4, -6: -0.085 -0.0005 -3.5e-08
