# Sanity check before a long run: can the model learn 16 examples by
# heart? A working network drives the loss on them close to 0, at a
# suitable rate. Two networks, identical but for the start of the hidden
# layer's weights: He initialization, and all zeros (the bug from the
# initialization page), each tried at three rates 10 times apart.
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x16, y16 = x[:16] / 16.0, y[:16]  # one small batch: 16 images
xs, ys = np.tile(x16, (50, 1)), np.tile(y16, 50)  # 50 steps per epoch

print("loss on the 16 images after 200 steps of Adam")
print("learning rate    1e-02   1e-01   1e+00")
for init in ("he_normal", "zeros"):
    losses = []
    for rate in (1e-2, 1e-1, 1.0):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([
            keras.Input((64,)),
            layers.Dense(64, activation="relu", kernel_initializer=init),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=keras.optimizers.Adam(rate),
                      loss="sparse_categorical_crossentropy")
        model.fit(xs, ys, epochs=4, batch_size=16, shuffle=False,
                  verbose=0)
        losses.append(model.evaluate(x16, y16, verbose=0))
    print(f"{init:13}" + "".join(f"{v:8.2f}" for v in losses))
# What a network that ignores its input can reach: predict the share of
# each label in the 16, for every image (the entropy of those shares).
share = np.bincount(y16) / 16
entropy = -np.sum(share * np.log(share))
print(f"loss of predicting the label shares: {entropy:.2f}")

# Expected output:
# loss on the 16 images after 200 steps of Adam
# learning rate    1e-02   1e-01   1e+00
# he_normal        0.00    0.00    2.25
# zeros            2.25    2.25    2.25
# loss of predicting the label shares: 2.25
