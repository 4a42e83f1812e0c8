# The normalization formula by hand with NumPy, next to Keras's layers:
#   x_hat = (x - mean) / sqrt(variance + epsilon);  y = gamma * x_hat + beta
# BatchNorm takes mean and variance over axis 0 (the batch), LayerNorm over
# axis -1 (the features). Both learn gamma and beta; here we set them.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# 8 examples, 4 features, kept to one decimal so a row is easy to copy
x = rng.normal(loc=5.0, scale=3.0, size=(8, 4)).round(1).astype("float32")
gamma, beta, eps = 2.0, 0.5, 1e-3  # Keras's default epsilon is 1e-3


def normalize(x, axis):
    mean = x.mean(axis=axis, keepdims=True)
    variance = x.var(axis=axis, keepdims=True)
    x_hat = (x - mean) / np.sqrt(variance + eps)
    return gamma * x_hat + beta


print("example 0, input:", x[0])
for name, layer, axis in (("BatchNorm", layers.BatchNormalization(), 0),
                          ("LayerNorm", layers.LayerNormalization(), -1)):
    layer.build(x.shape)
    layer.gamma.assign(np.full(4, gamma))
    layer.beta.assign(np.full(4, beta))
    keras_out = layer(x, training=True).numpy()
    by_hand = normalize(x, axis)
    print(f"{name}, mean and variance over axis {axis}, example 0:")
    print("  Keras  :", keras_out[0].round(4))
    print("  by hand:", by_hand[0].round(4))
    print("  all agree within 0.00001:",
          np.allclose(keras_out, by_hand, rtol=0, atol=1e-5))

# Expected output:
# example 0, input: [5.4 4.6 6.9 5.3]
# BatchNorm, mean and variance over axis 0, example 0:
#   Keras  : [1.8794 0.0665 2.5752 0.5757]
#   by hand: [1.8794 0.0665 2.5752 0.5757]
#   all agree within 0.00001: True
# LayerNorm, mean and variance over axis -1, example 0:
#   Keras  : [ 0.1423 -1.7653  3.7191 -0.0961]
#   by hand: [ 0.1423 -1.7653  3.7191 -0.0961]
#   all agree within 0.00001: True
