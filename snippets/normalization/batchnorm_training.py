# BatchNorm in training mode: each feature is standardized with the mean
# and standard deviation of the current batch.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# A batch of 256 examples, 3 features centred near 5 with a spread of 3
x = rng.normal(loc=5.0, scale=3.0, size=(256, 3)).astype("float32")

bn = layers.BatchNormalization()
y = bn(x, training=True).numpy()

# axis=0: across the examples of the batch, one number per feature
# (+ 0.0 turns a printed -0. into 0.)
print("input  mean per feature:", x.mean(axis=0).round(3) + 0.0)
print("input  std  per feature:", x.std(axis=0).round(3) + 0.0)
print("output mean per feature:", y.mean(axis=0).round(3) + 0.0)
print("output std  per feature:", y.std(axis=0).round(3) + 0.0)

# Expected output:
# input  mean per feature: [4.704 5.163 4.967]
# input  std  per feature: [3.029 3.004 2.939]
# output mean per feature: [0. 0. 0.]
# output std  per feature: [1. 1. 1.]
