# Your turn: LayerNorm on one example, by hand, with plain Python.
# Standardize the row with its own mean and variance, then apply the
# learned scale (gamma) and shift (beta).
import math

row = [5.4, 4.6, 6.9, 5.3]  # example 0 of formula_by_hand.py
gamma, beta, eps = 2.0, 0.5, 0.001  # eps as in Keras
n = len(row)

mean = ___  # -> the centre of the row [hint: sum(row) / n]
gaps = [___ for v in row]  # -> how far above or below it [hint: v - mean]
variance = ___  # -> mean squared gap [hint: sum(g * g for g in gaps) / n]
spread = ___  # -> standard deviation, not 0 [hint: math.sqrt(variance + eps)]
x_hat = [___ for g in gaps]  # -> gaps measured in spreads [hint: g / spread]
y = [___ for h in x_hat]  # -> scale, then shift [hint: gamma * h + beta]

print("mean    :", round(mean, 4))
print("variance:", round(variance, 4))
print("x_hat   :", [round(h, 4) for h in x_hat])
print("y       :", [round(v, 4) for v in y])

# Expected output:
# mean    : 5.55
# variance: 0.7025
# x_hat   : [-0.1788, -1.1326, 1.6095, -0.2981]
# y       : [0.1423, -1.7653, 3.7191, -0.0961]
