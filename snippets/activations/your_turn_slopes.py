# 🎯 Your turn: finish ReLU and LeakyReLU for one input z. Each returns
# two numbers: its output at z, and its slope there (the factor the error
# is multiplied by on its way back through the neuron).

LEAK = 0.01  # LeakyReLU's slope for negative inputs


def relu(z):
    if z > 0:
        return z, 1.0  # positive side: output z, slope 1
    return ___  # 👉 the flat side: output and slope [hint: 0.0, 0.0]


def leaky_relu(z):
    if z > 0:
        return z, 1.0
    return ___  # 👉 negatives shrink by LEAK [hint: LEAK * z, LEAK]


inputs = [1.0, -4.0, 2.5, -0.5]
for name, act in [("ReLU", relu), ("LeakyReLU", leaky_relu)]:
    pairs = [act(z) for z in inputs]
    print(f"{name:10}:", [out for out, _ in pairs])
    print(f"{'  slope':10}:", [slope for _, slope in pairs])

# Expected output:
# ReLU      : [1.0, 0.0, 2.5, 0.0]
#   slope   : [1.0, 0.0, 1.0, 0.0]
# LeakyReLU : [1.0, -0.04, 2.5, -0.005]
#   slope   : [1.0, 0.01, 1.0, 0.01]
