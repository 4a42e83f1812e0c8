# ReLU, LeakyReLU and GELU side by side, with their slopes (derivatives).
# The slope is what backpropagation multiplies by: where it is 0, the
# neuron gets no learning signal at all.
import math

import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(-4, 4, 801)  # steps of 0.01
erf = np.vectorize(math.erf)
cdf = 0.5 * (1 + erf(x / math.sqrt(2)))      # P(Z <= x), Z standard normal
pdf = np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)

curves = {  # name: (value, slope)
    "ReLU": (np.maximum(0, x), np.where(x > 0, 1.0, 0.0)),
    "LeakyReLU (0.1)": (np.where(x > 0, x, 0.1 * x),
                        np.where(x > 0, 1.0, 0.1)),
    "GELU": (x * cdf, cdf + x * pdf),
}

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
for name, (value, slope) in curves.items():
    left.plot(x, value, label=name)
    right.plot(x, slope, label=name)
left.set(title="Activation", xlabel="input", ylabel="output")
right.set(title="Slope (derivative)", xlabel="input", ylabel="slope")
gelu, gelu_slope = curves["GELU"]
low = np.argmin(gelu)  # GELU's lowest point, where its slope is 0
left.plot(x[low], gelu[low], "o", color="C2")
right.plot(x[low], gelu_slope[low], "o", color="C2")
for ax in (left, right):
    ax.axhline(0, color="gray", linewidth=0.8)
    ax.grid(alpha=0.3)
    ax.legend()
fig.tight_layout()

# The slopes at x = -2, the numbers the right-hand plot is about:
at = np.searchsorted(x, -2.0)
for name, (_, slope) in curves.items():
    print(f"{name:16} slope at x=-2: {slope[at]:.4f}")

# GELU's lowest point (the dots): its slope is 0 there, negative left of it.
print(f"GELU is lowest at x: {x[low]:.2f}, where GELU = {gelu[low]:.4f}")
print("GELU slope negative for every x below that:",
      bool(np.all(gelu_slope[:low] < 0)))
# Further left the slope fades back towards 0, as ReLU's is there:
print(f"GELU slope at x=-4: {gelu_slope[0]:.1e}")  # x[0] is -4
plt.show()

# Expected output:
# ReLU             slope at x=-2: 0.0000
# LeakyReLU (0.1)  slope at x=-2: 0.1000
# GELU             slope at x=-2: -0.0852
# GELU is lowest at x: -0.75, where GELU = -0.1700
# GELU slope negative for every x below that: True
# GELU slope at x=-4: -5.0e-04
