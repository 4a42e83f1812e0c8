# A pre-LN transformer block: LayerNorm goes in front of each sub-layer
# (self-attention, then a small GELU feed-forward), and each sub-layer's
# output is added back onto the sub-layer's input (the residual add).
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)
tokens, width = 5, 16  # a sequence of 5 tokens, 16 features per token

x = keras.Input(shape=(tokens, width))
h = layers.LayerNormalization()(x)  # 1) normalize each token ...
x1 = x + layers.MultiHeadAttention(num_heads=2, key_dim=8)(h, h)  # 2) add
h2 = layers.LayerNormalization()(x1)  # the same again for the feed-forward
ff = layers.Dense(width)(layers.Dense(32, activation="gelu")(h2))
y = x1 + ff
block = keras.Model(x, [h, y])  # also return the first LayerNorm's output

rng = np.random.default_rng(0)
seq = rng.normal(loc=3.0, scale=2.0, size=(2, tokens, width))
normed, out = (t.numpy() for t in block(seq.astype("float32")))

print("input shape         :", seq.shape)
print("after LayerNorm     :", normed.shape)
print("block output        :", out.shape)
# Over the 16 features of each token of the first sequence
print("input,  token means :", seq[0].mean(axis=-1).round(2))
print("after LN, means     :", normed[0].mean(axis=-1).round(3) + 0.0)
print("after LN, stds      :", normed[0].std(axis=-1).round(3))
print("output, token means :", out[0].mean(axis=-1).round(1))
print("input,  token stds  :", seq[0].std(axis=-1).round(2))
print("output, token stds  :", out[0].std(axis=-1).round(1))

# Expected output:
# input shape         : (2, 5, 16)
# after LayerNorm     : (2, 5, 16)
# block output        : (2, 5, 16)
# input,  token means : [2.47 2.92 4.02 3.12 3.67]
# after LN, means     : [0. 0. 0. 0. 0.]
# after LN, stds      : [1. 1. 1. 1. 1.]
# output, token means : [2.5 3.  4.1 3.3 4. ]
# input,  token stds  : [1.76 1.38 1.73 2.01 2.24]
# output, token stds  : [1.9 1.5 1.8 2.5 2.1]
