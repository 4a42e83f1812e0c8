# 20 inputs, of which only the first 3 matter (y = 3a - 2b + c + noise).
# The same linear model, fitted by gradient descent with an L1 or an L2
# penalty: where do the 17 useless weights end up?
import numpy as np
import tensorflow as tf
from sklearn.linear_model import Lasso
from tensorflow import keras

rng = np.random.default_rng(0)
x = rng.normal(size=(200, 20)).astype("float32")
y = (3 * x[:, 0] - 2 * x[:, 1] + x[:, 2] + rng.normal(size=200))
y = y.astype("float32")
plain = np.linalg.lstsq(x, y, rcond=None)[0]  # best fit, no penalty
print(f"no penalty: the 3 useful weights {plain[:3].round(1)}")



def fit(penalty):  # 1000 steps of gradient descent from all-zero weights
    w = tf.Variable(tf.zeros(20))
    sgd = keras.optimizers.SGD(learning_rate=0.02)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            error = tf.linalg.matvec(x, w) - y
            loss = tf.reduce_mean(error**2) + penalty(w)
        sgd.apply_gradients([(tape.gradient(loss, w), w)])

    for _ in range(1000):
        step()
    return w.numpy()


for name, penalty in [("l1(0.2)", keras.regularizers.l1(0.2)),
                      ("l2(0.2)", keras.regularizers.l2(0.2))]:
    w = fit(penalty)
    useful, useless = w[:3], np.abs(w[3:])
    print(f"{name}: the 3 useful weights {useful.round(1)}")
    print("  useless weights within 0.01 of zero:",
          np.sum(useless < 0.01), "of 17, exactly zero:",
          np.sum(useless == 0))
    if name == "l1(0.2)":
        near_zero, l1_w = useless < 0.01, w

# The exact minimum of the same L1 loss (sklearn's Lasso halves it all):
exact = Lasso(alpha=0.1, fit_intercept=False).fit(x, y).coef_
print("lasso solver: useless weights exactly zero:",
      np.sum(exact[3:] == 0), "of 17")
print("  the same ones l1(0.2) left within 0.01 of zero:",
      (exact[3:] == 0).tolist() == near_zero.tolist())
print("  l1(0.2)'s weights within 0.01 of the lasso's:",
      bool(np.all(np.abs(l1_w - exact) < 0.01)))

# Expected output:
# no penalty: the 3 useful weights [ 3.  -1.9  1. ]
# l1(0.2): the 3 useful weights [ 2.8 -1.8  0.9]
#   useless weights within 0.01 of zero: 15 of 17, exactly zero: 0
# l2(0.2): the 3 useful weights [ 2.4 -1.5  0.7]
#   useless weights within 0.01 of zero: 2 of 17, exactly zero: 0
# lasso solver: useless weights exactly zero: 15 of 17
#   the same ones l1(0.2) left within 0.01 of zero: True
#   l1(0.2)'s weights within 0.01 of the lasso's: True
