# How far does Adam move a weight? The rule as Keras runs it (lr 0.1,
# default betas and eps), in three separate runs from a fresh start:
# 10,000 gradients that stay the same, 10,000 with the same mean and noise
# on top, and a sudden spike after many small gradients.
import math
import random

lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-7
n = 10_000


def adam_moves(grads):
    """The move Adam makes at each step (negative: against g > 0)."""
    m = s = 0.0
    moves = []
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        a = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        moves.append(-a * m / (math.sqrt(s) + eps))
    return moves


random.seed(0)
steady = [0.1] * n
noisy = [0.1 + random.gauss(0, 1) for _ in range(n)]  # mean 0.1, noise 1
for name, grads in (("steady", steady), ("noisy", noisy)):
    moves = adam_moves(grads)
    size = sum(abs(x) for x in moves) / n / lr
    drift = -sum(moves) / n / lr
    mean, rms = sum(grads) / n, math.sqrt(sum(g * g for g in grads) / n)
    print(f"{name}: mean |move| {size:.2f} lr, drift {drift:.2f} lr,"
          f" mean/rms of g {mean / rms:.2f}")

# 999 tiny gradients, then a large one: s still remembers the tiny ones
spike = adam_moves([0.001] * 999 + [1.0])
print(f"spike after small gradients: move {abs(spike[-1]) / lr:.2f} lr")

# Expected output:
# steady: mean |move| 1.00 lr, drift 1.00 lr, mean/rms of g 1.00
# noisy: mean |move| 0.20 lr, drift 0.10 lr, mean/rms of g 0.10
# spike after small gradients: move 2.54 lr
