# Wrong learning rate: the same small network and regression data, trained
# for 5 epochs with a learning rate far too high and one far too low.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(512, 8))
y = x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])
y = (y - y.mean()) / y.std()  # targets scaled to mean 0, spread 1


def loss_per_epoch(optimizer):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)),
                              layers.Dense(32, activation="relu"),
                              layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    return " ".join(f"{v:.4f}" for v in history.history["loss"])


print("SGD  lr=10  :", loss_per_epoch(keras.optimizers.SGD(10.0)))
print("Adam lr=1e-6:", loss_per_epoch(keras.optimizers.Adam(1e-6)))

# Expected output:
# SGD  lr=10  : nan nan nan nan nan
# Adam lr=1e-6: 1.3228 1.3224 1.3221 1.3217 1.3214
