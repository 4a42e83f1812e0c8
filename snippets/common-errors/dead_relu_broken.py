# Dead ReLUs: a hidden unit that outputs 0 for EVERY example passes nothing
# on and gets a gradient of 0, so it never learns again. Two ways to kill
# them: a learning rate that is too high, or a large negative bias.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")


def dead_fraction(hidden):
    # a unit is dead if its output is exactly 0 for every example
    return np.all(hidden(x).numpy() == 0, axis=0).mean()


def train(label, lr=0.01, bias=0.0):
    keras.utils.set_random_seed(0)
    hidden = layers.Dense(64, activation="relu",
                          bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input((8,)), hidden, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    before = dead_fraction(hidden)
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    after = dead_fraction(hidden)
    loss = history.history["loss"]  # mean loss of each of the 5 epochs
    print(f"{label:22} dead units: {before:4.0%} -> {after:4.0%}   "
          f"loss: {loss[0]:5.2f} -> {loss[-1]:5.2f}")


train("ReLU, lr 0.25", lr=0.25)    # learning rate too high
train("ReLU, bias -3", bias=-3.0)   # large negative bias

# Expected output:
# ReLU, lr 0.25          dead units:   0% ->  25%   loss:  9.42 -> 14.08
# ReLU, bias -3          dead units: 100% -> 100%   loss: 12.19 -> 12.19
