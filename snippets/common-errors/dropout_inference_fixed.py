# The fix: predict with dropout switched off. model.predict() always does;
# in your own loop, call the model with training=False.
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

first = model.predict(x, verbose=0).ravel()
second = model.predict(x, verbose=0).ravel()
by_hand = model(x, training=False).numpy().ravel()
print("predict, call 1      :", first.round(4))
print("predict, call 2      :", second.round(4))
print("model(training=False):", by_hand.round(4))
print("predict twice identical:", np.array_equal(first, second))
print("training=False matches predict:", np.allclose(by_hand, first))
default = model(x).numpy().ravel()  # no training argument: off as well
print("model(x) matches predict:", np.allclose(default, first))

# Expected output:
# predict, call 1      : [-0.3295 -1.1494  0.6336]
# predict, call 2      : [-0.3295 -1.1494  0.6336]
# model(training=False): [-0.3295 -1.1494  0.6336]
# predict twice identical: True
# training=False matches predict: True
# model(x) matches predict: True
