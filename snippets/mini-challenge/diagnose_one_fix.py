# Mini challenge, part 3, halfway: broken_run.py with only one error
# fixed, the initialization. The other two are still in it. Run it and
# read the output afresh: what does it point at now?
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixel values 0..16 scaled to 0..1
x_train, y_train, x_test, y_test = x[:1400], y[:1400], x[1400:], y[1400:]

keras.utils.set_random_seed(0)
init = "he_normal"  # fixed
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
print(f"loss in epoch 1 and 10: {losses[0]:.1f} {losses[-1]:.1f}")
print("moved by less than 0.05:", abs(losses[-1] - losses[0]) < 0.05)
first, second = predict(x_test), predict(x_test)
print(f"test accuracy: {np.mean(first.argmax(axis=1) == y_test):.1f}")
print("same predictions twice:", np.array_equal(first, second))

# Expected output:
# loss before training: 2.56   (chance level 2.30)
# loss in epoch 1 and 10: 2.6 2.6
# moved by less than 0.05: True
# test accuracy: 0.1
# same predictions twice: False
