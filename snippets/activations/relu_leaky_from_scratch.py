# ReLU and LeakyReLU written out by hand and applied to the weighted sums
# of four neurons. Plain Python: one small function each, used on every sum.

LEAK = 0.01  # the slope this lesson gives LeakyReLU for negative sums


def relu(z):
    """Pass a positive sum on; zero or below becomes 0.0."""
    return z if z > 0 else 0.0


def leaky_relu(z):
    """Pass a positive sum on; a negative one shrinks to LEAK * z."""
    return z if z > 0 else LEAK * z


sums = [3.0, -2.0, 0.5, -10.0]

print("Input     :", sums)
print("ReLU      :", [relu(z) for z in sums])
print("LeakyReLU :", [leaky_relu(z) for z in sums])

# Expected output:
# Input     : [3.0, -2.0, 0.5, -10.0]
# ReLU      : [3.0, 0.0, 0.5, 0.0]
# LeakyReLU : [3.0, -0.02, 0.5, -0.1]
