# A stack of 8 pre-LN blocks, as in pre_ln_block.py. Each block adds its
# sub-layers' outputs onto the running sum (the "residual stream"), and no
# LayerNorm ever touches that sum, so its size grows from block to block.
# Pre-LN models therefore put one last LayerNorm after the final block.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)
tokens, width = 5, 16


def pre_ln_block(x):
    h = layers.LayerNormalization()(x)
    x = x + layers.MultiHeadAttention(num_heads=2, key_dim=8)(h, h)
    h = layers.LayerNormalization()(x)
    return x + layers.Dense(width)(layers.Dense(32, activation="gelu")(h))


stream = [keras.Input(shape=(tokens, width))]
for _ in range(8):
    stream.append(pre_ln_block(stream[-1]))
final = layers.LayerNormalization()(stream[-1])  # the final LayerNorm
model = keras.Model(stream[0], [stream[i] for i in (0, 2, 4, 8)] + [final])

rng = np.random.default_rng(0)
seq = rng.normal(size=(2, tokens, width)).astype("float32")
# Spread: the std over a token's 16 features, averaged over the tokens
spreads = [np.std(t.numpy(), axis=-1).mean() for t in model(seq)]
print("spread of the stream, input and after blocks 2, 4, 8:",
      " ".join(f"{s:.1f}" for s in spreads[:4]))
print(f"spread after the final LayerNorm: {spreads[4]:.1f}")

# Expected output:
# spread of the stream, input and after blocks 2, 4, 8: 0.9 1.4 2.1 3.2
# spread after the final LayerNorm: 1.0
