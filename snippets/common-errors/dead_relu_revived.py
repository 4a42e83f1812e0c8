# A dead unit's own weights get no gradient, but the layers BEFORE it still
# learn (through the live units) and shift the inputs it receives. Two hidden
# ReLU layers; the second starts with every bias at -2, so some of its units
# are dead from the start.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")

keras.utils.set_random_seed(0)
first = layers.Dense(32, "relu", kernel_initializer="he_normal")
second = layers.Dense(32, "relu", kernel_initializer="he_normal",
                      bias_initializer=keras.initializers.Constant(-2.0))
model = keras.Sequential([keras.Input((8,)), first, second, layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")


def inputs():  # each second-layer unit's input, on every example
    return first(x).numpy() @ second.kernel.numpy() + second.bias.numpy()


dead_at_start = np.all(inputs() < 0, axis=0)  # < 0 on every example
with tf.GradientTape() as tape:
    loss = tf.reduce_mean((model(x) - y) ** 2)
grad = tape.gradient(loss, second.kernel).numpy()[:, dead_at_start]
print("dead units in layer 2 at the start:", dead_at_start.sum())
print("largest gradient on their weights:", np.abs(grad).max())
model.fit(x, y, epochs=10, batch_size=32, verbose=0)
active = (inputs()[:, dead_at_start] > 0).sum(axis=0)  # examples, per unit
print("of these, alive again after 10 epochs:", (active > 0).sum())
print("examples (of 256) each revived unit is active on:", active[active > 0])

# Expected output:
# dead units in layer 2 at the start: 7
# largest gradient on their weights: 0.0
# of these, alive again after 10 epochs: 2
# examples (of 256) each revived unit is active on: [1 2]
