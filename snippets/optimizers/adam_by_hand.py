# Adam worked out by hand, next to keras.optimizers.Adam, for 3 steps.
# Loss: 0.5 * sum(k * w**2), so weight i has the gradient k[i] * w[i].
# The first two gradients differ 100-fold, yet the first step moves both
# weights by lr. The last two gradients are 100 times eps and eps itself.
import math

import tensorflow as tf
from tensorflow import keras

lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-7  # b1, b2, eps: Keras's defaults
k = [10.0, 0.1, 1e-5, 1e-7]

keras_w = tf.Variable([1.0] * 4)
adam = keras.optimizers.Adam(learning_rate=lr)

w, m, s = [1.0] * 4, [0.0] * 4, [0.0] * 4  # by hand; m and s start at 0
gap = 0.0
for t in (1, 2, 3):
    adam.apply_gradients([(keras_w * k, keras_w)])
    alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)  # bias correction
    for i in range(4):
        g = k[i] * w[i]
        m[i] = b1 * m[i] + (1 - b1) * g
        s[i] = b2 * s[i] + (1 - b2) * g * g
        w[i] -= alpha * m[i] / (math.sqrt(s[i]) + eps)  # eps on raw sqrt
    kw = keras_w.numpy()
    gap = max(gap, *(abs(a - b) for a, b in zip(kw, w)))
    print(f"step {t}: Keras", *(f"{x:.4f}" for x in kw),
          "| hand", *(f"{x:.4f}" for x in w))

# Keras computes in float32, where 1 - 0.999 is already off by about 1e-5
# of itself; so a bound is printed, not the exact gap
print("largest difference below 1e-5:", gap < 1e-5)
# The textbook form adds eps to sqrt(s_hat) instead. After one step
# m_hat = g and s_hat = g**2, so it would move the last two weights to:
print("textbook form, last two weights after step 1:",
      *(f"{1.0 - lr * g / (g + eps):.4f}" for g in k[2:]))
# Keras's eps on sqrt(s) is a textbook eps of eps / sqrt(1 - b2**t),
# printed in units of eps
print("Keras's eps as textbook eps at steps 1, 10, 100, 1000:",
      *(f"{1 / math.sqrt(1 - b2**t):.3g}" for t in (1, 10, 100, 1000)))
c = 1 / math.sqrt(1 - b2)  # 31.6: so step 1 moves lr * g / (g + c * eps)
for n in (100, 1000):  # gradient = n * eps
    ours, book = n / (n + c), n / (n + 1)
    print(f"step 1 move / lr, gradient {n} eps, Keras, textbook, gap:",
          f"{ours:.3f} {book:.3f} {1 - ours / book:.0%}")

# Expected output:
# step 1: Keras 0.9000 0.9000 0.9240 0.9969 | hand 0.9000 0.9000 0.9240 0.9969
# step 2: Keras 0.8004 0.8004 0.8431 0.9927 | hand 0.8004 0.8004 0.8431 0.9927
# step 3: Keras 0.7016 0.7016 0.7603 0.9875 | hand 0.7016 0.7016 0.7603 0.9875
# largest difference below 1e-5: True
# textbook form, last two weights after step 1: 0.9010 0.9500
# Keras's eps as textbook eps at steps 1, 10, 100, 1000: 31.6 10 3.24 1.26
# step 1 move / lr, gradient 100 eps, Keras, textbook, gap: 0.760 0.990 23%
# step 1 move / lr, gradient 1000 eps, Keras, textbook, gap: 0.969 0.999 3%
