# A sane learning rate: the same network and data, trained with Adam at
# its usual 1e-3, and with plain SGD at a learning rate 100 times lower.
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


print("SGD  lr=0.1 :", loss_per_epoch(keras.optimizers.SGD(0.1)))
print("Adam lr=1e-3:", loss_per_epoch(keras.optimizers.Adam(1e-3)))

# Expected output:
# SGD  lr=0.1 : 0.3458 0.0966 0.0801 0.0699 0.0638
# Adam lr=1e-3: 1.1641 0.8879 0.6919 0.5449 0.4293
