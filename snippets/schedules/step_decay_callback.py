# Step decay: halve the learning rate every 2 epochs. A plain function of
# the epoch number, handed to Keras through the LearningRateScheduler
# callback, which sets the optimizer's rate at the start of every epoch.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def step_decay(epoch, lr):  # Keras passes the current rate too (unused)
    initial_lr, drop, every = 0.1, 0.5, 2
    return initial_lr * drop ** (epoch // every)


keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(256, 4))
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(), loss="mse")

history = model.fit(
    x, y, batch_size=32, epochs=6, verbose=0,
    callbacks=[keras.callbacks.LearningRateScheduler(step_decay)],
)
rates, losses = history.history["learning_rate"], history.history["loss"]
for epoch, (lr, loss) in enumerate(zip(rates, losses)):
    print(f"epoch {epoch}: lr {lr:.4f}   loss {loss:.2e}")

# Expected output:
# epoch 0: lr 0.1000   loss 2.22e+00
# epoch 1: lr 0.1000   loss 6.39e-02
# epoch 2: lr 0.0500   loss 3.43e-03
# epoch 3: lr 0.0500   loss 7.52e-04
# epoch 4: lr 0.0250   loss 2.20e-04
# epoch 5: lr 0.0250   loss 1.07e-04
