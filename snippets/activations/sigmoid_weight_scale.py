# Is sigmoid's gradient capped at 0.25 ** 19 after 19 layers? No: the
# weights multiply it too. The same 20-layer sigmoid stack as in
# vanishing_gradients.py, with its weights k times larger. Larger weights
# make up for the small slopes, but they push the units into the flat
# tails of the curve, where the slope is far below 0.25.
import numpy as np

DEPTH, WIDTH = 20, 64
x = np.random.default_rng(0).normal(size=(256, WIDTH))  # 256 examples


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


SCALES = (1, 2, 4, 8)  # weights k times the size Xavier gives them
print(f"{'weights k times Xavier, k =':32}", *(f"{k:>8}" for k in SCALES))
rows = {"gradient, layer 1 / layer 20": [], "mean slope of the units": [],
        "share with slope below 0.025": []}
for k in SCALES:
    rng = np.random.default_rng(1)  # the same draws as vanishing_gradients
    h, layers = x, []
    for _ in range(DEPTH):  # forward: keep each layer's weights and sums
        w = rng.normal(scale=k / np.sqrt(WIDTH), size=(WIDTH, WIDTH))
        layers.append((w, h @ w))
        h = sigmoid(h @ w)
    slopes = [sigmoid(z) * (1 - sigmoid(z)) for _, z in layers]
    grad, size = np.ones_like(h), []
    for (w, _), s in zip(reversed(layers), reversed(slopes)):
        grad = grad * s  # backward: the slope, then the weights
        size.insert(0, np.abs(grad).mean())
        grad = grad @ w.T
    rows["gradient, layer 1 / layer 20"].append(f"{size[0] / size[-1]:.1e}")
    rows["mean slope of the units"].append(f"{np.mean(slopes):.3f}")
    # slope below a tenth of its peak: the unit sits in a flat tail
    rows["share with slope below 0.025"].append(
        f"{np.mean(np.array(slopes) < 0.025):.0%}")
for label, cells in rows.items():
    print(f"{label + ':':32}", *(f"{c:>8}" for c in cells))
print(f"0.25 multiplied 19 times: {0.25 ** 19:.1e}")

# Expected output:
# weights k times Xavier, k =             1        2        4        8
# gradient, layer 1 / layer 20:     8.2e-13  3.0e-08  1.1e-04  3.0e-02
# mean slope of the units:            0.234    0.200    0.135    0.074
# share with slope below 0.025:          0%       0%      14%      47%
# 0.25 multiplied 19 times: 3.6e-12
