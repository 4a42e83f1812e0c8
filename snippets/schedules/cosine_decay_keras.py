# Cosine decay in Keras with the lesson's settings: the rate begins at
# 1e-3 and follows half a cosine wave to 0 at step 10,000. The optimizer
# takes the schedule where a number would go and asks it at every step.
import math

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

cosine = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=1e-3, decay_steps=10000)
adam = keras.optimizers.Adam(learning_rate=cosine)

# The schedule is a function of the step: compare it with the formula.
print(" step   schedule    formula")
for step in (0, 2500, 5000, 7500, 10000, 12000):
    done = min(step, 10000) / 10000  # stays at 0 after decay_steps
    formula = 0.5 * 1e-3 * (1 + math.cos(math.pi * done))
    print(f"{step:5}  {float(cosine(step)):.3e}  {formula:.3e}")

# Train a tiny model for 2 epochs of 1250 steps: the rate Adam uses moves
# along the same curve, driven by its step counter.
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(5000, 4))
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
model.compile(optimizer=adam, loss="mse")
print(f"before fit : lr {float(adam.learning_rate):.3e}")
for epoch in (1, 2):
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    print(f"epoch {epoch}    : lr {float(adam.learning_rate):.3e} "
          f"after {int(adam.iterations)} steps")

# Expected output:
#  step   schedule    formula
#     0  1.000e-03  1.000e-03
#  2500  8.536e-04  8.536e-04
#  5000  5.000e-04  5.000e-04
#  7500  1.464e-04  1.464e-04
# 10000  0.000e+00  0.000e+00
# 12000  0.000e+00  0.000e+00
# before fit : lr 1.000e-03
# epoch 1    : lr 9.619e-04 after 1250 steps
# epoch 2    : lr 8.536e-04 after 2500 steps
