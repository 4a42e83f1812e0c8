# A convolutional block: Conv2D (no bias) -> BatchNorm -> ReLU. For images,
# BatchNorm keeps one mean and variance per channel, taken over the batch
# AND over every pixel position (axes 0, 1 and 2).
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
# 16 made-up 8x8 images with 3 colour channels, values around 2
images = rng.normal(loc=2.0, scale=1.5, size=(16, 8, 8, 3))

conv = layers.Conv2D(8, 3, padding="same", use_bias=False)
bn = layers.BatchNormalization()
relu = layers.ReLU()
z = conv(images.astype("float32")).numpy()
z_bn = bn(z, training=True).numpy()
a = relu(z_bn).numpy()

print("Conv2D weights:", [(w.name, tuple(w.shape)) for w in conv.weights])
print("BatchNorm gamma shape:", tuple(bn.gamma.shape), "(one per channel)")
print("output shape:", a.shape)
over = (0, 1, 2)  # batch, height, width: one number per channel
print("conv output, channel means:", z.mean(axis=over).round(2))
print("after BN,  channel means:", z_bn.mean(axis=over).round(3) + 0.0)
# (a little under 1 where a channel varies little: epsilon shows)
print("after BN,  channel stds :", z_bn.std(axis=over).round(3))
print(f"after ReLU, share of zeros: {np.mean(a == 0):.2f}")

# Expected output:
# Conv2D weights: [('kernel', (3, 3, 3, 8))]
# BatchNorm gamma shape: (8,) (one per channel)
# output shape: (16, 8, 8, 8)
# conv output, channel means: [-1.92 -0.15  0.32 -0.43  0.42  0.05 -0.19  1.69]
# after BN,  channel means: [0. 0. 0. 0. 0. 0. 0. 0.]
# after BN,  channel stds : [1.    0.999 1.    1.    0.999 1.    0.999 1.   ]
# after ReLU, share of zeros: 0.50
