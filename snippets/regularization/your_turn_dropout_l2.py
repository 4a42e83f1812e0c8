# 🎯 Your turn: inverted dropout with a fixed mask, then the L2 penalty
# of three weights and its gradient, in plain Python.
from itertools import product

rate = 0.5
hidden = [0.8, 2.0, 0.4, 1.2]


def dropout(values, mask):
    scale = ___  # 👉 make up for the dropped units [hint: 1 / (1 - rate)]
    out = []
    for v, m in zip(values, mask):
        out.append(___)  # 👉 m = 0 drops it, 1 scales it [hint: v * m * scale]
    return out


print("mask [1, 0, 1, 0]:", dropout(hidden, [1, 0, 1, 0]))
# At rate 0.5 all 16 masks are equally likely, so their plain average
# is the expected value of the sum.
sums = [sum(dropout(hidden, mask)) for mask in product([0, 1], repeat=4)]
print("sum without dropout:", round(sum(hidden), 4))
print("mean sum over masks:", round(sum(sums) / len(sums), 4))

lam = 0.01
ws = [0.5, -2.0, 1.0]
penalty = ___  # 👉 the L2 formula above [hint: lam * sum(w**2 for w in ws)]
grad = ___  # 👉 its slope, one per weight [hint: [2 * lam * w for w in ws]]
print("L2 penalty:", round(penalty, 4))
print("gradient  :", [round(g, 4) for g in grad])

# Expected output:
# mask [1, 0, 1, 0]: [1.6, 0.0, 0.8, 0.0]
# sum without dropout: 4.4
# mean sum over masks: 4.4
# L2 penalty: 0.0525
# gradient  : [0.01, -0.04, 0.02]
