# Dropout left on at inference. A custom loop that calls the model with
# training=True keeps dropout switched on: every call zeroes each hidden unit
# with probability 0.5, afresh, so the same input gets a new prediction.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input((4,)),
    layers.Dense(16, activation="relu"),
    layers.Dropout(0.5),  # drops 50% of the units while training
    layers.Dense(1),
])
x = np.random.default_rng(0).normal(size=(3, 4))  # 3 examples

first = model(x, training=True).numpy().ravel()
second = model(x, training=True).numpy().ravel()
print("call 1, training=True:", first.round(4))
print("call 2, training=True:", second.round(4))
print("same predictions both times:", np.array_equal(first, second))

# Expected output:
# call 1, training=True: [-0.0504 -1.6869  1.2672]
# call 2, training=True: [-0.2086 -0.8277  0.    ]
# same predictions both times: False
