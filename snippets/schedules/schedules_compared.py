# Three learning-rate schedules over the same 10,000 training steps:
# step decay (halve every 3000 steps), cosine, and a 500-step warm-up
# followed by cosine.
import matplotlib.pyplot as plt
import numpy as np
from tensorflow import keras

schedules = keras.optimizers.schedules
runs = {
    "step decay": schedules.ExponentialDecay(
        1e-3, decay_steps=3000, decay_rate=0.5, staircase=True),
    "cosine": schedules.CosineDecay(1e-3, decay_steps=10000),
    "warm-up + cosine": schedules.CosineDecay(
        1e-5, decay_steps=9500, warmup_target=1e-3, warmup_steps=500),
}

steps = np.arange(0, 10001, 25)
fig, ax = plt.subplots(figsize=(7, 3.2))
for name, schedule in runs.items():
    rates = [float(schedule(step)) for step in steps]
    ax.plot(steps, rates, label=name)
ax.set(title="Learning-rate schedules", xlabel="training step",
       ylabel="learning rate")
ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
ax.grid(alpha=0.3)
ax.legend()
fig.tight_layout()

at = (0, 250, 2500, 5000, 7500, 10000)
print(f"{'at step':16}" + "".join(f"{step:>9}" for step in at))
for name, schedule in runs.items():
    rates = [float(schedule(step)) for step in at]
    print(f"{name:16}" + "".join(f"{rate:9.2e}" for rate in rates))
plt.show()

# Expected output:
# at step                 0      250     2500     5000     7500    10000
# step decay       1.00e-03 1.00e-03 1.00e-03 5.00e-04 2.50e-04 1.25e-04
# cosine           1.00e-03 9.98e-04 8.54e-04 5.00e-04 1.46e-04 0.00e+00
# warm-up + cosine 1.00e-05 5.05e-04 8.95e-04 5.41e-04 1.61e-04 0.00e+00
