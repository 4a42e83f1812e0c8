# The three regularizers in Keras: an L2 penalty on a layer's weights,
# a Dropout layer, and an EarlyStopping callback for model.fit().
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers, regularizers

keras.utils.set_random_seed(0)

# The penalty is an argument of the layer it applies to; dropout is a
# layer of its own, placed after the layer whose outputs it zeroes.
model = keras.Sequential([
    keras.Input(shape=(64,)),  # e.g. an 8x8 image, flattened
    layers.Dense(128, activation="relu",
                 kernel_regularizer=regularizers.l2(1e-4)),
    layers.Dropout(0.3),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# Early stopping is a callback, handed to fit() further down the page.
stopper = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=3, restore_best_weights=True)

hidden, dropout, output = model.layers
print("L2 factor of the hidden layer:", hidden.kernel_regularizer.l2)
print("dropout rate                :", dropout.rate)
print("output shape                :", output.output.shape)
print("early stopping watches      :", stopper.monitor)
print("patience, restore best      :", stopper.patience,
      stopper.restore_best_weights)

probs = model.predict(np.ones((2, 64)), verbose=0)
print("probabilities sum to:", probs.sum(axis=1).round(4))

# Expected output:
# L2 factor of the hidden layer: 0.0001
# dropout rate                : 0.3
# output shape                : (None, 10)
# early stopping watches      : val_loss
# patience, restore best      : 3 True
# probabilities sum to: [1. 1.]
