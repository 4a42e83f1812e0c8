# The same linear model and noisy data, trained by SGD for 5 epochs four
# times: with a large, a middle and a small fixed rate, and with a rate
# that starts large and follows a cosine down to 0.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(512, 8))
y = x @ rng.normal(size=(8, 1)) + 0.5 * rng.normal(size=(512, 1))
# The noise cannot be fitted: least squares gives the lowest reachable loss.
w_best = np.linalg.lstsq(x, y, rcond=None)[0]
print(f"lowest reachable loss: {np.mean((x @ w_best - y) ** 2):.3f}")

steps = 5 * 512 // 32  # 5 epochs of 16 batches
cosine = keras.optimizers.schedules.CosineDecay(0.6, decay_steps=steps)
print("learning rate    loss in epochs 1-5 (mean)        at the end")
for name, rate in [("fixed 0.6", 0.6), ("fixed 0.1", 0.1),
                   ("fixed 0.01", 0.01),
                   ("cosine from 0.6", cosine)]:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)),
                              layers.Dense(1, use_bias=False)])
    model.compile(optimizer=keras.optimizers.SGD(rate), loss="mse")
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    per_epoch = " ".join(f"{v:.3f}" for v in history.history["loss"])
    end = model.evaluate(x, y, verbose=0)
    print(f"{name:16} {per_epoch}    {end:.3f}")

# Expected output:
# lowest reachable loss: 0.248
# learning rate    loss in epochs 1-5 (mean)        at the end
# fixed 0.6        1.880 0.369 0.369 0.369 0.369    0.376
# fixed 0.1        2.159 0.260 0.259 0.259 0.259    0.251
# fixed 0.01       8.388 4.448 2.428 1.386 0.846    0.664
# cosine from 0.6  1.872 0.319 0.282 0.264 0.252    0.248
