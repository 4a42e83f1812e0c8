# Sentences in a batch differ in length, so the short ones are padded with
# zeros up to the longest. Here the same 3 real tokens are padded to 4 and
# to 8 positions, as in a batch whose longest sentence has 4 or 8 tokens.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
real = rng.normal(loc=5.0, scale=3.0, size=(3, 4))  # 3 tokens, 4 features


def padded(length):  # one sequence, zeros after the real tokens
    seq = np.zeros((1, length, 4), dtype="float32")
    seq[0, :3] = real
    return seq


for name, norm in (("LayerNorm", layers.LayerNormalization()),
                   ("BatchNorm", layers.BatchNormalization())):
    # training=True: BatchNorm takes its statistics from this batch,
    # over every position of every sequence, the padding included
    short = norm(padded(4), training=True).numpy()[0, 0]
    long = norm(padded(8), training=True).numpy()[0, 0]
    print(f"{name}, token 0, padded to 4:", short.round(2) + 0.0)
    print(f"{name}, token 0, padded to 8:", long.round(2) + 0.0)
    print(f"{name}, same result:", np.allclose(short, long, atol=1e-5))

# Expected output:
# LayerNorm, token 0, padded to 4: [-0.21 -1.12  1.62 -0.28]
# LayerNorm, token 0, padded to 8: [-0.21 -1.12  1.62 -0.28]
# LayerNorm, same result: True
# BatchNorm, token 0, padded to 4: [1.28 0.66 0.63 0.26]
# BatchNorm, token 0, padded to 8: [1.97 1.36 1.34 0.99]
# BatchNorm, same result: False
