# Dead ReLUs. The gradient reaching a unit's weights is multiplied by the
# slope of its activation; a unit whose slope is (about) 0 for EVERY example
# gets no update and never learns again: it is dead. Two ways to kill ReLU
# units: a learning rate that is too high, or a large negative bias.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")


def slope(activation, z):  # d activation / d z, element by element
    z = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = activation(z)
    return tape.gradient(out, z).numpy()


def dead_share(hidden):
    z = x @ hidden.kernel.numpy() + hidden.bias.numpy()  # units' inputs
    # flat: slope below 0.001 (ReLU's slope is 1 where it is active)
    flat = np.abs(slope(hidden.activation, z)) < 1e-3
    return np.all(flat, axis=0).mean()  # share of units flat on all examples


def train(label, lr, bias=0.0):
    keras.utils.set_random_seed(0)
    hidden = layers.Dense(64, activation="relu",
                          bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input((8,)), hidden, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    before = dead_share(hidden)
    # 5 epochs: later on the lr 0.25 run turns chaotic (differs by CPU)
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    loss = history.history["loss"]  # mean loss of each of the 5 epochs
    print(f"{label:22} dead units: {before:4.0%} -> {dead_share(hidden):4.0%}"
          f"   loss: {loss[0]:5.2f} -> {loss[-1]:5.2f}")


train("ReLU, lr 0.25", lr=0.25)             # learning rate too high
train("ReLU, bias -3", lr=0.01, bias=-3.0)  # large negative bias

# Expected output:
# ReLU, lr 0.25          dead units:   0% ->  25%   loss:  9.42 -> 14.08
# ReLU, bias -3          dead units: 100% -> 100%   loss: 12.19 -> 12.19
