# Your turn: inverted dropout at rate 0.25, then the L2 penalty of
# three weights, its gradient, and the PyTorch factor that matches it.
from itertools import product
from math import prod

rate = 0.25  # the share of units dropped
hidden = [0.8, 2.0, 0.4, 1.2]


def dropout(values, mask):
    scale = ___  # -> kept units cover for dropped ones [hint: 1 / (1 - rate)]
    out = []
    for v, m in zip(values, mask):
        out.append(___)  # -> 0 drops it, 1 keeps, scaled [hint: v * m * scale]
    return out


def chance(mask):  # each unit is kept with probability 1 - rate
    return prod(1 - rate if m else rate for m in mask)


one = dropout(hidden, [1, 0, 1, 1])
print("mask [1, 0, 1, 1]:", [round(v, 4) for v in one])
# The expected sum: every one of the 16 masks, weighted by its chance.
masks = list(product([0, 1], repeat=4))
expected = sum(chance(m) * sum(dropout(hidden, m)) for m in masks)
print("sum without dropout:", round(sum(hidden), 4))
print("expected sum with dropout:", round(expected, 4))

lam = 0.01
ws = [0.5, -2.0, 1.0]
penalty = ___  # -> square, add up, scale [hint: lam * sum(w**2 for w in ws)]
grad = ___  # -> its slope, one per weight [hint: [2 * lam * w for w in ws]]
print("L2 penalty:", round(penalty, 4))
print("gradient  :", [round(g, 4) for g in grad])

# Porting to PyTorch: its SGD(weight_decay=wd) adds wd * w to the
# gradient. Which wd pulls as hard as Keras's l2(0.0001)?
keras_lam = 0.0001
torch_wd = ___  # -> same gradient on both sides [hint: 2 * keras_lam]
print("PyTorch weight_decay for Keras l2(0.0001):", torch_wd)

# Expected output:
# mask [1, 0, 1, 1]: [1.0667, 0.0, 0.5333, 1.6]
# sum without dropout: 4.4
# expected sum with dropout: 4.4
# L2 penalty: 0.0525
# gradient  : [0.01, -0.04, 0.02]
# PyTorch weight_decay for Keras l2(0.0001): 0.0002
