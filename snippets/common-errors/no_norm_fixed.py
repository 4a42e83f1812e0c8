# The same 20-layer network (he_normal init), plain and with BatchNorm
# between each Dense layer and its ReLU, trained with SGD at five learning
# rates, each run from the same starting weights; then the plain net, Adam.
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixels 0..16 -> 0..1
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
rates = (0.01, 0.03, 0.1, 0.3, 1.0)


def deep_net(batchnorm):
    stack = [keras.Input((64,))]
    for _ in range(20):  # Dense, then BatchNorm (it has its own shift), ReLU
        stack += [layers.Dense(32, use_bias=not batchnorm,
                               kernel_initializer="he_normal")]
        stack += [layers.BatchNormalization()] if batchnorm else []
        stack += [layers.Activation("relu")]
    return keras.Sequential(stack + [layers.Dense(10)])


def losses(model):  # the loss in each of 3 epochs
    keras.utils.set_random_seed(0)
    return model.fit(x, y, epochs=3, batch_size=64, verbose=0).history["loss"]


runs = {}
for net in ("plain", "BatchNorm"):
    keras.utils.set_random_seed(0)
    model = deep_net(batchnorm=net == "BatchNorm")
    model.compile(optimizer=keras.optimizers.SGD(), loss=loss)
    start = model.get_weights()
    for lr in rates:
        model.set_weights(start)  # every run starts from the same weights
        model.optimizer.learning_rate = lr
        # a run that blows up to nan counts as the worst of all
        runs[net, lr] = np.nan_to_num(losses(model), nan=np.inf)

# The runs are chaotic (their losses can differ between CPUs already in
# the first decimal), so we print comparisons with a wide margin.
print("SGD, 20 layers, 3 epochs (loss at chance: 2.30)")
last = {key: run[-1] for key, run in runs.items()}  # loss in epoch 3
print("plain, rate with the lowest loss in epoch 3:",
      min(rates, key=lambda lr: last["plain", lr]))
print("plain, loss in epoch 3 above 2.0 from 0.1 up:",
      all(last["plain", lr] > 2.0 for lr in rates[2:]))
print("BatchNorm, loss in epoch 3 below 2.0 at 0.3 and 1.0:",
      all(last["BatchNorm", lr] < 2.0 for lr in (0.3, 1.0)))
print("lower loss in its best epoch of 3")
for lr in (0.01, 0.03, 0.3, 1.0):  # at 0.1 the winner depends on the CPU
    bn_lower = min(runs["BatchNorm", lr]) < min(runs["plain", lr])
    print(f"  lr {lr}:", "BatchNorm" if bn_lower else "plain")
print("lowest loss in epoch 3, BatchNorm's below plain's:",
      min(last["BatchNorm", lr] for lr in rates)
      < min(last["plain", lr] for lr in rates))
keras.utils.set_random_seed(0)
model = deep_net(batchnorm=False)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)
print("plain, Adam lr 1e-3, loss in epoch 3 below 2.0:",
      losses(model)[-1] < 2.0)

# Expected output:
# SGD, 20 layers, 3 epochs (loss at chance: 2.30)
# plain, rate with the lowest loss in epoch 3: 0.03
# plain, loss in epoch 3 above 2.0 from 0.1 up: True
# BatchNorm, loss in epoch 3 below 2.0 at 0.3 and 1.0: True
# lower loss in its best epoch of 3
#   lr 0.01: plain
#   lr 0.03: plain
#   lr 0.3: BatchNorm
#   lr 1.0: BatchNorm
# lowest loss in epoch 3, BatchNorm's below plain's: True
# plain, Adam lr 1e-3, loss in epoch 3 below 2.0: True
