# Mini challenge, part 3: a broken training run to diagnose.
# A small network learns to read 8x8 images of handwritten digits (0-9).
# Three lines of this script hold errors from the lesson, and the output
# shows a symptom of each. Find them before you fix them.
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixel values 0..16 scaled to 0..1
x_train, y_train, x_test, y_test = x[:1400], y[:1400], x[1400:], y[1400:]

keras.utils.set_random_seed(0)
init = keras.initializers.RandomNormal(stddev=10.0)
rate = 1e-6
model = keras.Sequential([
    keras.Input((64,)),
    layers.Dense(64, activation="relu", kernel_initializer=init),
    layers.Dropout(0.2),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate),
              loss="sparse_categorical_crossentropy")


def predict(x):  # class probabilities for a batch of images
    return model(x, training=True).numpy()


start = model.evaluate(x_train, y_train, verbose=0)
print(f"loss before training: {start:.2f}   (chance level {np.log(10):.2f})")
history = model.fit(x_train, y_train, epochs=10, batch_size=32, verbose=0)
losses = history.history["loss"]
print("loss per epoch:", " ".join(f"{v:.2f}" for v in losses))
first, second = predict(x_test), predict(x_test)
print(f"test accuracy: {np.mean(first.argmax(axis=1) == y_test):.2f}")
print("same predictions twice:", np.array_equal(first, second))

# Expected output:
# loss before training: 67.48   (chance level 2.30)
# loss per epoch: 69.81 68.92 69.32 69.27 68.57 68.52 68.84 68.76 68.96 67.95
# test accuracy: 0.10
# same predictions twice: False
