# Sigmoid's outputs are all positive (their mean is about 0.5). Feed them
# to one unit of the next layer: for one example, each incoming weight's
# gradient is (the unit's error) x (its input), so all of them share the
# error's sign, and a plain SGD step moves every weight up, or every one
# down. Compare inputs shifted to centre on 0, as tanh's outputs are.
import numpy as np

rng = np.random.default_rng(0)
sums = rng.normal(size=(500, 20))  # 500 examples, 20 units feeding in
x_sig = 1 / (1 + np.exp(-sums))
inputs = {"sigmoid": x_sig, "centred": x_sig - 0.5}
y = x_sig @ rng.normal(size=20)  # the target: weights of mixed signs


def sgd(x, lr, epochs):  # one example per step, from w = 0 and b = 0
    w, b, order = np.zeros(20), 0.0, np.random.default_rng(1)
    for _ in range(epochs):
        for i in order.permutation(len(x)):
            err = x[i] @ w + b - y[i]
            w, b = w - lr * err * x[i], b - lr * err
    return np.mean((x @ w + b - y) ** 2)


print(f"{'inputs to the unit:':38}{'sigmoid':>10}{'centred':>10}")
cells = []
for x in inputs.values():  # each example's gradients, at w = 0 and b = 0:
    grads = (0 - y)[:, None] * x  # its error (0 - y) times its inputs
    cells.append(np.mean(np.all(grads > 0, 1) | np.all(grads < 0, 1)))
print(f"{'examples, all 20 gradients one sign:':38}",
      *(f"{c:>9.0%}" for c in cells))
start = np.mean(y ** 2)  # the same for both: the unit outputs 0
print(f"{'loss at the start (w = 0, b = 0):':38}", *[f"{start:9.1e}"] * 2)
for lr, n in ((0.1, 1), (0.1, 5), (0.3, 1)):
    cells = [sgd(x, lr, n) for x in inputs.values()]
    label = f"loss after {n} epoch{'s' * (n > 1)} at lr {lr}:"
    print(f"{label:38}", *(f"{c:9.1e}" for c in cells))
# Curvature: how fast the loss's slope changes along a direction of (w, b),
# an eigenvalue of the mean of x x^T, each x with a 1 added for the bias
curv = []
for x in inputs.values():
    xb = np.c_[x, np.ones(len(x))]
    curv.append(np.linalg.eigvalsh(xb.T @ xb / len(x)))  # ascending
for end, name in ((-1, "steepest"), (0, "flattest")):
    print(f"{f'curvature, {name} direction:':38}",
          *(f"{c[end]:9.1e}" for c in curv))
# One example per step: a step on example i changes its own error by a
# factor 1 - lr * (|x_i|^2 + 1), so that is the curvature each step meets
own = [np.mean(np.sum(x**2, 1) + 1) for x in inputs.values()]
print(f"{'one example, |x|^2 + 1, mean:':38}", *(f"{c:9.1e}" for c in own))
print(f"{'lr cap, full batch (2 / steepest):':38}",
      *(f"{2 / c[-1]:9.1e}" for c in curv))
print(f"{'lr cap, one example (about 2 / mean):':38}",
      *(f"{2 / c:9.1e}" for c in own))

# Expected output:
# inputs to the unit:                      sigmoid   centred
# examples, all 20 gradients one sign:        100%        0%
# loss at the start (w = 0, b = 0):        4.3e+00   4.3e+00
# loss after 1 epoch at lr 0.1:            1.3e-02   1.5e-02
# loss after 5 epochs at lr 0.1:           2.7e-05   1.9e-08
# loss after 1 epoch at lr 0.3:            1.1e+04   2.0e-05
# curvature, steepest direction:           6.1e+00   1.0e+00
# curvature, flattest direction:           7.4e-03   2.9e-02
# one example, |x|^2 + 1, mean:            6.9e+00   1.9e+00
# lr cap, full batch (2 / steepest):       3.3e-01   2.0e+00
# lr cap, one example (about 2 / mean):    2.9e-01   1.1e+00
