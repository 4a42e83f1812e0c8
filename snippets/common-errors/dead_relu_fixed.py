# Fixes for dead ReLUs: same data, network, learning rate (0.01) and count.
# 1) Do not start units dead: zero biases (Keras's default), He init.
# 2) A nonzero slope for inputs below 0: units stuck there still learn,
#    at a pace set by that slope.
from functools import partial

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")
mean_loss = np.var(y)  # the loss of always predicting the mean of y


def below_zero(hidden):  # share of units whose input is < 0 on every example
    z = x @ hidden.kernel.numpy() + hidden.bias.numpy()
    return np.all(z < 0, axis=0).mean()


def train(label, activation="relu", init="glorot_uniform", bias=0.0):
    keras.utils.set_random_seed(0)
    hidden = layers.Dense(64, activation, kernel_initializer=init,
                          bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input((8,)), hidden, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    before = below_zero(hidden)
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    loss = history.history["loss"]  # mean loss of each of the 5 epochs
    z = tf.constant(-3.0)  # the activation's slope at an input of -3
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = hidden.activation(z)
    print(f"  {label + ':':15} {float(tape.gradient(out, z)):6.3f}"
          f"   {before:4.0%} -> {below_zero(hidden):4.0%}"
          f"   {loss[0]:5.2f} -> {loss[-1]:5.2f}"
          f"   {mean_loss - loss[-1]:5.2f}")


def leaky(a):  # LeakyReLU with its slope a written out
    return partial(keras.activations.leaky_relu, negative_slope=a)


print("                   slope   units below 0       loss"
      "          below the")
print("                   at -3   on all examples   epoch 1 -> 5"
      "   mean's loss")
print("bias 0 (Keras's default)")
train("ReLU")
train("ReLU, He init", init="he_normal")
print("bias -3, as in the broken run")
for a in (0.01, 0.1, 0.2):
    train(f"LeakyReLU {a}", leaky(a), bias=-3.0)
train("GELU", "gelu", bias=-3.0)

# Expected output:
#                    slope   units below 0       loss          below the
#                    at -3   on all examples   epoch 1 -> 5   mean's loss
# bias 0 (Keras's default)
#   ReLU:            0.000     0% ->   0%   11.68 ->  1.48   10.70
#   ReLU, He init:   0.000     0% ->   0%   10.22 ->  0.82   11.35
# bias -3, as in the broken run
#   LeakyReLU 0.01:  0.010   100% -> 100%   12.19 -> 12.18   -0.01
#   LeakyReLU 0.1:   0.100   100% -> 100%   12.65 -> 11.70    0.47
#   LeakyReLU 0.2:   0.200   100% -> 100%   12.93 -> 10.15    2.02
#   GELU:           -0.012   100% -> 100%   12.17 -> 12.14    0.03
