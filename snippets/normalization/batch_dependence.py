# Normalize one example alone, then the same example inside a batch.
# LayerNorm only looks at that example's features; BatchNorm (in training)
# looks at the other examples too.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
batch = rng.normal(loc=5.0, scale=3.0, size=(32, 4)).astype("float32")
alone = batch[:1]  # example 0 on its own: a batch of one, whose mean is
#                    the example itself and whose variance is 0

ln = layers.LayerNormalization()
bn = layers.BatchNormalization()
for name, norm in (("LayerNorm", ln), ("BatchNorm", bn)):
    by_itself = norm(alone, training=True).numpy()[0]
    in_batch = norm(batch, training=True).numpy()[0]
    print(f"{name} alone   :", by_itself.round(3) + 0.0)
    print(f"{name} in batch:", in_batch.round(3) + 0.0)
    print(f"{name} same result:", np.allclose(by_itself, in_batch))

# Expected output:
# LayerNorm alone   : [-0.209 -1.123  1.615 -0.283]
# LayerNorm in batch: [-0.209 -1.123  1.615 -0.283]
# LayerNorm same result: True
# BatchNorm alone   : [0. 0. 0. 0.]
# BatchNorm in batch: [ 0.256 -0.236  0.587 -0.088]
# BatchNorm same result: False
