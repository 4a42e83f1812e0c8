# Your turn: two steps down a steady slope (the gradient is 1.0 both
# times), once with SGD + momentum and once with Adam, from the same
# weight. Which one speeds up? Write Adam's step the way Keras runs it.
import math

lr, beta = 0.2, 0.9  # learning rate (both), momentum
b1, b2, eps = 0.9, 0.999, 1e-7  # Adam's settings: the Keras defaults
g = 1.0  # the gradient, the same on both steps

w_sgd, v = 5.0, 0.0  # SGD + momentum: weight, velocity
w_adam, m, s = 5.0, 0.0, 0.0  # Adam: weight, the two running means
for t in (1, 2):
    v = ___  # -> most of v, plus a push downhill [hint: beta * v - lr * g]
    w_sgd = ___  # -> the velocity is the move [hint: w_sgd + v]
    m = ___  # -> running mean of gradients [hint: b1 * m + (1 - b1) * g]
    s = ___  # -> the same, for g squared [hint: b2 * s + (1 - b2) * g * g]
    a = lr * math.sqrt(1 - b2**t) / (1 - b1**t)  # bias-corrected step
    root = ___  # -> eps after the root of s [hint: math.sqrt(s) + eps]
    w_adam -= ___  # -> a-sized step along m over the root [hint: a * m / root]
    print(f"step {t}  momentum: w {round(w_sgd, 4)}  v {round(v, 4)}"
          f"   Adam: w {round(w_adam, 4)}")

# Expected output:
# step 1  momentum: w 4.8  v -0.2   Adam: w 4.8
# step 2  momentum: w 4.42  v -0.38   Adam: w 4.6
