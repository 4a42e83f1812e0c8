# At inference (training=False) BatchNorm does not look at the batch: it
# uses its moving mean and variance, which start at 0 and 1 and follow the
# batch statistics slowly:  moving = 0.99 * moving + 0.01 * batch value
import numpy as np
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(loc=5.0, scale=3.0, size=(256, 3)).astype("float32")

bn = layers.BatchNormalization()  # momentum=0.99
train_out = bn(x, training=True).numpy()  # one training step
infer_out = bn(x, training=False).numpy()
print("example 0, training=True :", train_out[0].round(3))
print("example 0, training=False:", infer_out[0].round(3))
print("example 0, raw input     :", x[0].round(3))
print("moving mean after 1 step :", bn.moving_mean.numpy().round(3))
print("moving var. after 1 step :", bn.moving_variance.numpy().round(3))


def show(label, mean, variance):
    print(f"{label:17} mean {mean.round(3)}  variance {variance.round(3)}")


for steps in range(2, 501):  # 499 more training steps on the same batch
    bn(x, training=True)
    if steps in (100, 500):
        show(f"after {steps} steps:", bn.moving_mean.numpy(),
             bn.moving_variance.numpy())
show("the batch itself:", x.mean(axis=0), x.var(axis=0))

gap = bn(x, training=False) - train_out  # train_out: batch statistics
print(f"largest training/inference difference now: {np.abs(gap).max():.3f}")

# Expected output:
# example 0, training=True : [ 0.222 -0.186  0.665]
# example 0, training=False: [5.122 4.378 6.62 ]
# example 0, raw input     : [5.377 4.604 6.921]
# moving mean after 1 step : [0.047 0.052 0.05 ]
# moving var. after 1 step : [1.082 1.08  1.076]
# after 100 steps:  mean [2.982 3.273 3.149]  variance [6.182 6.087 5.844]
# after 500 steps:  mean [4.673 5.129 4.934]  variance [9.12  8.972 8.59 ]
# the batch itself: mean [4.704 5.163 4.967]  variance [9.174 9.025 8.641]
# largest training/inference difference now: 0.019
