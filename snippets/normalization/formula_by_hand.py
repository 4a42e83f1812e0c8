# The normalization formula by hand with NumPy, next to Keras's layers:
#   x_hat = (x - mean) / sqrt(variance + epsilon);  y = gamma * x_hat + beta
# BatchNorm takes mean and variance over axis 0 (the batch), LayerNorm over
# axis -1 (the features). Both learn gamma and beta; here we set them.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(loc=5.0, scale=3.0, size=(8, 4)).astype("float32")
gamma, beta, eps = 2.0, 0.5, 1e-3  # Keras's default epsilon is 1e-3


def normalize(x, axis):
    mean = x.mean(axis=axis, keepdims=True)
    variance = x.var(axis=axis, keepdims=True)
    x_hat = (x - mean) / np.sqrt(variance + eps)
    return gamma * x_hat + beta


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
# BatchNorm, mean and variance over axis 0, example 0:
#   Keras  : [1.8642 0.0781 2.5768 0.5813]
#   by hand: [1.8642 0.0781 2.5768 0.5813]
#   all agree within 0.00001: True
# LayerNorm, mean and variance over axis -1, example 0:
#   Keras  : [ 0.0817 -1.7462  3.7306 -0.066 ]
#   by hand: [ 0.0817 -1.7462  3.7306 -0.066 ]
#   all agree within 0.00001: True
