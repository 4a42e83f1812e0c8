# The loss on the whole training set after every step, for 48 steps
# (3 epochs of 16 batches), with each of the three learning rates.
import matplotlib.pyplot as plt
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(512, 8))
y = x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])
y = (y - y.mean()) / y.std()  # targets scaled to mean 0, spread 1


def loss_curve(optimizer, steps=48):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)),
                              layers.Dense(32, activation="relu"),
                              layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    curve = [np.mean((model(x).numpy() - y) ** 2)]  # before the first step
    for step in range(steps):
        batch = slice(step % 16 * 32, step % 16 * 32 + 32)
        model.train_on_batch(x[batch], y[batch])
        curve.append(np.mean((model(x).numpy() - y) ** 2))
        if np.isnan(curve[-1]):  # once nan, always nan: stop there
            break
    return np.array(curve)


too_high = loss_curve(keras.optimizers.SGD(10.0))
too_low = loss_curve(keras.optimizers.Adam(1e-6))
sane = loss_curve(keras.optimizers.Adam(1e-3))
first_nan = np.argmax(np.isnan(too_high))
print("SGD lr=10, steps 0 to 4:", " ".join(f"{v:.3g}" for v in too_high[:5]))
print(f"after 48 steps: SGD lr=10 {too_high[-1]:.4f}, "
      f"Adam lr=1e-6 {too_low[-1]:.4f}, Adam lr=1e-3 {sane[-1]:.4f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
left.plot(too_high, "C3", label="SGD lr=10 (too high)")
left.axvline(first_nan, color="C3", linestyle=":")
left.annotate(f" nan from step {first_nan}", (first_nan, 1e20), color="C3")
for ax in (left, right):
    ax.plot(too_low, "C7", label="Adam lr=1e-6 (too low)")
    ax.plot(sane, "C2", label="Adam lr=1e-3 (sane)")
    ax.set(xlabel="training step", ylabel="loss (MSE)")
    ax.grid(alpha=0.3)
left.set(title="All three (log scale)", yscale="log")
left.legend(loc="upper right")
right.set(title="The two Adam runs", ylim=(0, 1.6))
right.legend(loc="lower left")
fig.tight_layout()
plt.show()

# Expected output:
# SGD lr=10, steps 0 to 4: 1.32 4.91e+03 1.31e+16 6.36e+51 nan
# after 48 steps: SGD lr=10 nan, Adam lr=1e-6 1.3219, Adam lr=1e-3 0.6254
