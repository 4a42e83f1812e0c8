# L2 regularization adds  lambda * sum(w**2)  over a layer's weights to
# the loss. Keras keeps that penalty in model.losses; here it is next to
# the same formula computed by hand from the layer's kernel (weights).
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers, regularizers

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(128, activation="relu",
                 kernel_regularizer=regularizers.l2(1e-4)),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

hidden = model.layers[0]
lam = hidden.kernel_regularizer.l2  # the factor set above, 1e-4
W = hidden.kernel.numpy()  # the weights; the bias is not in it
by_hand = lam * np.sum(W**2)
print("kernel shape        :", W.shape)
print("penalty in Keras    :", f"{float(model.losses[0]):.6f}")
print("1e-4 * sum(W**2)    :", f"{by_hand:.6f}")

# The loss that training minimizes is the data loss plus the penalty:
x, y = load_digits(return_X_y=True)
x, y = x[:100] / 16.0, y[:100]
probs = model.predict(x, verbose=0)
cross_entropy = -np.mean(np.log(probs[np.arange(100), y]))
print("cross-entropy       :", f"{cross_entropy:.6f}")
print("cross-entropy + L2  :", f"{cross_entropy + by_hand:.6f}")
print("loss Keras reports  :", f"{model.evaluate(x, y, verbose=0):.6f}")

# Expected output:
# kernel shape        : (64, 128)
# penalty in Keras    : 0.008616
# 1e-4 * sum(W**2)    : 0.008616
# cross-entropy       : 2.279662
# cross-entropy + L2  : 2.288278
# loss Keras reports  : 2.288278
