# Two relatives of LayerNorm, both per example, so the batch never matters.
# GroupNorm splits the channels of an image into groups: one mean and
# variance per example and group, over the pixels and that group's channels.
# RMSNorm divides by the root mean square: no mean subtracted, no shift,
# only a learned scale per feature.
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
# 4 made-up feature maps: 6x6 pixels, 8 channels, values around 3
maps = rng.normal(loc=3.0, scale=2.0, size=(4, 6, 6, 8)).astype("float32")
gn = layers.GroupNormalization(groups=2)  # 2 groups of 4 channels each
out = gn(maps).numpy()
by_group = out.reshape(4, 6 * 6, 2, 4)  # example, pixel, group, channel
print("GroupNorm, means of example 0's groups:",
      by_group[0].mean(axis=(0, 2)).round(3) + 0.0)
print("GroupNorm, stds of example 0's groups :",
      by_group[0].std(axis=(0, 2)).round(3))
alone = gn(maps[:1]).numpy()
print("GroupNorm, example 0 alone as in batch:",
      np.allclose(alone, out[:1], atol=1e-5))

row = np.array([[5.4, 4.6, 6.9, 5.3]], dtype="float32")  # as in Your turn
eps = 1e-6  # Keras's default epsilon for RMSNormalization
by_hand = row / np.sqrt(np.mean(row**2) + eps)
keras_out = layers.RMSNormalization()(row).numpy()
print("RMSNorm, Keras  :", keras_out[0].round(4))
print("RMSNorm, by hand:", by_hand[0].round(4))
print("RMSNorm output, root mean square:",
      np.sqrt(np.mean(keras_out**2)).round(3))
print("RMSNorm output, mean:", keras_out.mean().round(3))  # not re-centred
print("RMSNorm output, std :", keras_out.std().round(2))

# Expected output:
# GroupNorm, means of example 0's groups: [0. 0.]
# GroupNorm, stds of example 0's groups : [1. 1.]
# GroupNorm, example 0 alone as in batch: True
# RMSNorm, Keras  : [0.9621 0.8195 1.2293 0.9442]
# RMSNorm, by hand: [0.9621 0.8195 1.2293 0.9442]
# RMSNorm output, root mean square: 1.0
# RMSNorm output, mean: 0.989
# RMSNorm output, std : 0.15
