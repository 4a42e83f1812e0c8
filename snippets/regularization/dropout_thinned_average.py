# Dropout(0.5) on 256 hidden units: every mask picks one "thinned"
# network, and all 2**256 of them share the same weights. After
# training, average the predictions of 100 thinned networks; compare
# with one pass at inference (training=False), where nothing is dropped.
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x_train, x_val, y_train, y_val = train_test_split(
    x / 16.0, y, train_size=300, test_size=500, random_state=0)
keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy")
for _ in range(150):
    model.train_on_batch(x_train, y_train)

# 100 copies of the 500 digits in one call with training=True: every
# row draws its own mask, so each copy runs through a new thinned net.
copies = np.tile(x_val, (100, 1))
thinned = model(copies, training=True).numpy().reshape(100, 500, 10)
one_pass = model(x_val, training=False).numpy()


def accuracy(probs):  # share of the 500 validation digits right
    return np.mean(probs.argmax(axis=-1) == y_val)


full = accuracy(one_pass)
each = np.mean([accuracy(p) for p in thinned])  # one thinned net each
average = thinned.mean(axis=0)  # the average of 100 thinned nets
print(f"accuracy of the one pass (training=False): {full:.0%}")
print("one thinned network, 2+ points worse:", each < full - 0.02)
print("average of 100 thinned, within 1 point of the one pass:",
      abs(accuracy(average) - full) < 0.01)
same = average.argmax(axis=1) == one_pass.argmax(axis=1)
print("the two pick the same digit for 98%+ of digits:", same.mean() > 0.98)

# Expected output:
# accuracy of the one pass (training=False): 95%
# one thinned network, 2+ points worse: True
# average of 100 thinned, within 1 point of the one pass: True
# the two pick the same digit for 98%+ of digits: True
