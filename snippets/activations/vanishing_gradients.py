# Why ReLU replaced sigmoid in deep networks: send a gradient back through
# 20 layers and measure how much of it reaches each layer. On the way back
# every layer multiplies it by its activation's slopes (sigmoid's are never
# above 0.25, ReLU's are exactly 1 for every unit that is on), then by its
# weights.
import numpy as np

DEPTH, WIDTH = 20, 64
x = np.random.default_rng(0).normal(size=(256, WIDTH))  # 256 examples


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


stacks = {  # name: (activation, its slope, weight variance * fan-in)
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z)), 1.0),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2, 1.0),
    "ReLU": (lambda z: np.maximum(0.0, z), lambda z: 1.0 * (z > 0), 2.0),
}
shown = [1, 5, 10, 15, 20]
print("gradient size at layer k, as a fraction of that at layer 20")
print("layer k " + "".join(f"{k:>9}" for k in shown))
for name, (act, slope, gain) in stacks.items():
    rng = np.random.default_rng(1)  # the same draws for every stack
    h, sums = x, []
    for _ in range(DEPTH):  # forward: keep each layer's weights and sums
        w = rng.normal(scale=np.sqrt(gain / WIDTH), size=(WIDTH, WIDTH))
        sums.append((w, h @ w))
        h = act(h @ w)
    grad, size = np.ones_like(h), []
    for w, z in reversed(sums):  # backward: slope, then weights
        grad = grad * slope(z)
        size.insert(0, np.abs(grad).mean())
        grad = grad @ w.T
    print(f"{name:8}" + "".join(f"{size[k - 1] / size[-1]:9.1e}"
                                for k in shown))
print(f"0.25 multiplied 19 times: {0.25 ** 19:.1e}")

# Expected output:
# gradient size at layer k, as a fraction of that at layer 20
# layer k         1        5       10       15       20
# sigmoid   8.2e-13  2.6e-10  4.9e-07  6.0e-04  1.0e+00
# tanh      1.2e-01  2.9e-01  5.8e-01  6.8e-01  1.0e+00
# ReLU      1.5e+00  1.6e+00  1.4e+00  1.8e+00  1.0e+00
# 0.25 multiplied 19 times: 3.6e-12
