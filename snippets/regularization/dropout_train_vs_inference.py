# Dropout(0.3) on a big tensor of ones. In training it zeroes about
# 30 % of the values and scales the survivors up by 1 / (1 - 0.3), so
# the average stays about the same. At inference it does nothing at all.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)
rate = 0.3
dropout = layers.Dropout(rate)
x = np.ones((1000, 1000), dtype="float32")  # a million ones

train = dropout(x, training=True).numpy()
print("training=True")
print("  fraction zeroed   :", f"{np.mean(train == 0):.4f}")
print("  surviving values  :", np.unique(train[train != 0]).round(4))
print("  1 / (1 - 0.3)     :", round(1 / (1 - rate), 4))
print("  mean of the output:", f"{train.mean():.4f}")

# A second call drops a different random set of units:
again = dropout(x, training=True).numpy()
print("  same units dropped next call:", np.array_equal(train, again))

infer = dropout(x, training=False).numpy()
print("training=False")
print("  fraction zeroed   :", f"{np.mean(infer == 0):.4f}")
print("  output == input   :", np.array_equal(infer, x))
plain = dropout(x).numpy()  # no training argument: off, as at inference
print("no training argument, output == input:", np.array_equal(plain, x))

# Expected output:
# training=True
#   fraction zeroed   : 0.3001
#   surviving values  : [1.4286]
#   1 / (1 - 0.3)     : 1.4286
#   mean of the output: 0.9998
#   same units dropped next call: False
# training=False
#   fraction zeroed   : 0.0000
#   output == input   : True
# no training argument, output == input: True
