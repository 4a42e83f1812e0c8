# A learning-rate range test: one short run in which the rate grows by a
# factor of 10 every 20 steps, from 1e-5 to 10. Watch the loss: it falls
# once the rate is large enough to do something, then blows up.
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)  # 1797 8x8 images of digits 0-9
x = x / 16.0
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((64,)),
                          layers.Dense(64, activation="relu"),
                          layers.Dense(10, activation="softmax")])
adam = keras.optimizers.Adam()
model.compile(optimizer=adam, loss="sparse_categorical_crossentropy")

smooth, lowest = None, np.inf  # smooth: a running average of the loss
print("learning rate   smoothed loss")
for step in range(6 * 20 + 1):
    rate = 1e-5 * 10 ** (step / 20)
    adam.learning_rate = rate
    start = (step * 32) % (len(x) - 32)  # the next batch of 32 images
    loss = float(model.train_on_batch(x[start:start + 32],
                                      y[start:start + 32]))
    smooth = loss if smooth is None else 0.8 * smooth + 0.2 * loss
    lowest = min(lowest, smooth)
    if smooth > 4 * lowest:  # blown up: the usual place to stop the test
        print(f"stopped, loss above 4 x its lowest, at a rate of about "
              f"{10 ** round(np.log10(rate)):.0e}")
        break
    if step % 10 == 0:
        print(f"{rate:13.0e}   {smooth:.1f}")

# Expected output:
# learning rate   smoothed loss
#         1e-05   2.3
#         3e-05   2.3
#         1e-04   2.4
#         3e-04   2.3
#         1e-03   2.3
#         3e-03   2.1
#         1e-02   1.6
#         3e-02   0.8
#         1e-01   0.9
#         3e-01   1.1
# stopped, loss above 4 x its lowest, at a rate of about 1e+00
