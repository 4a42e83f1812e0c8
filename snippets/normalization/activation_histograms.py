# One Dense layer's outputs on 512 handwritten digits, before and after
# BatchNorm and LayerNorm (both fresh, so gamma = 1 and beta = 0).
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)
x, _ = load_digits(return_X_y=True)
x = x[:512].astype("float32")  # raw pixel values 0..16, not rescaled

h = layers.Dense(64)(x).numpy()  # the layer's 512 x 64 activations
outputs = {
    "before": h,
    "after BatchNorm": layers.BatchNormalization()(h, training=True).numpy(),
    "after LayerNorm": layers.LayerNormalization()(h).numpy(),
}

print(f"{'':30} {'largest |mean| of one':>25}")
print(f"{'':16} {'mean':>6} {'std':>6} {'feature':>12} {'example':>12}")
fig, axes = plt.subplots(1, 3, figsize=(7, 3.2), sharex=True,
                         sharey=True)
for ax, (name, values) in zip(axes, outputs.items()):
    ax.hist(values.ravel(), bins=np.linspace(-35, 35, 141))
    ax.set(title=name, xlabel="activation")
    mean, std = values.mean().round(3) + 0.0, values.std().round(3)
    # The largest mean of one feature (column) and of one example (row)
    feature = np.abs(values.mean(axis=0)).max()
    example = np.abs(values.mean(axis=1)).max()
    print(f"{name:16} {mean:6.3f} {std:6.3f} {feature:12.3f} {example:12.3f}")
    ax.text(0.03, 0.95, f"mean {mean:.2f}\nstd {std:.2f}",
            transform=ax.transAxes, va="top")
axes[0].set_ylabel("count")
fig.suptitle("Activations of one Dense(64) layer, 512 examples")
fig.tight_layout()
plt.show()

# Expected output:
#                                    largest |mean| of one
#                    mean    std      feature      example
# before           -1.782  7.752       17.937        3.376
# after BatchNorm   0.000  1.000        0.000        0.485
# after LayerNorm   0.000  1.000        2.095        0.000
