# LayerNorm standardizes each example (row) across its own features, so
# there is nothing to keep between batches and no training/inference switch.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# 4 examples, 6 features; each row has its own centre and spread
centres = np.array([[5.0], [-2.0], [100.0], [0.0]])
spreads = np.array([[3.0], [0.5], [20.0], [1.0]])
x = (centres + spreads * rng.normal(size=(4, 6))).astype("float32")

ln = layers.LayerNormalization()  # axis=-1: over the features
y = ln(x, training=True).numpy()

# axis=1: across the features of each example, one number per example
print("input  mean per example:", x.mean(axis=1).round(3))
print("input  std  per example:", x.std(axis=1).round(3))
print("output mean per example:", y.mean(axis=1).round(3) + 0.0)
print("output std  per example:", y.std(axis=1).round(3) + 0.0)

y_inference = ln(x, training=False).numpy()
print("training=True and training=False equal:",
      np.array_equal(y, y_inference))
print("non-trainable weights (running statistics):",
      len(ln.non_trainable_weights))

# Expected output:
# input  mean per example: [ 5.282 -2.025 82.058  0.396]
# input  std  per example: [ 1.108  0.46  14.399  0.679]
# output mean per example: [0. 0. 0. 0.]
# output std  per example: [1.    0.998 1.    0.999]
# training=True and training=False equal: True
# non-trainable weights (running statistics): 0
