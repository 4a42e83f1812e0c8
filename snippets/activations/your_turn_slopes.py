# Your turn: finish ReLU, LeakyReLU and sigmoid for one input z. Each
# returns two numbers: its output at z, and its slope there (the factor
# the error is multiplied by on its way back through the neuron).
import math

LEAK = 0.01  # LeakyReLU's slope for negative inputs


def relu(z):
    if z > 0:
        return z, 1.0  # positive side: output z, slope 1
    return ___  # -> what is left of z here, and how steep? [hint: 0.0, 0.0]


def leaky_relu(z):
    if z > 0:
        return z, 1.0
    return ___  # -> a little of z, and a little slope [hint: LEAK * z, LEAK]


def sigmoid(z):
    s = 1 / (1 + math.exp(-z))
    return s, ___  # -> its slope, written with s itself [hint: s * (1 - s)]


inputs = [1.0, -4.0, 2.5, -0.5, 0.0]
for name, act in [("ReLU", relu), ("LeakyReLU", leaky_relu),
                  ("sigmoid", sigmoid)]:
    pairs = [act(z) for z in inputs]
    print(f"{name:10}:", [round(out, 4) for out, _ in pairs])
    print(f"{'  slope':10}:", [round(slope, 4) for _, slope in pairs])

# Expected output:
# ReLU      : [1.0, 0.0, 2.5, 0.0, 0.0]
#   slope   : [1.0, 0.0, 1.0, 0.0, 0.0]
# LeakyReLU : [1.0, -0.04, 2.5, -0.005, 0.0]
#   slope   : [1.0, 0.01, 1.0, 0.01, 0.01]
# sigmoid   : [0.7311, 0.018, 0.9241, 0.3775, 0.5]
#   slope   : [0.1966, 0.0177, 0.0701, 0.235, 0.25]
