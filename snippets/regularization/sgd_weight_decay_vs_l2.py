# Keras's SGD(weight_decay=wd) shrinks each weight by lr * wd of itself at
# every step, outside the momentum. PyTorch's SGD(weight_decay=wd) adds
# wd * w to the gradient instead: L2 in the loss, l2(wd / 2) in Keras,
# and momentum then carries that pull along. One weight, starting at 1.0,
# no data gradient, 100 steps at lr 0.1 with momentum 0.9:
import tensorflow as tf
from tensorflow import keras

steps, lr, momentum, wd = 100, 0.1, 0.9, 0.01


def train(weight_decay=None, penalty=None):
    w = tf.Variable([1.0])
    sgd = keras.optimizers.SGD(lr, momentum=momentum,
                               weight_decay=weight_decay)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = 0.0 * w[0]  # the data loss: no gradient at all
            if penalty:
                loss += penalty(w)
        sgd.apply_gradients([(tape.gradient(loss, w), w)])

    for _ in range(steps):
        step()
    return float(w[0])


print("Keras SGD(weight_decay=0.01):", f"{train(weight_decay=wd):.2f}")
print("  (1 - lr * wd) ** 100      :", f"{(1 - lr * wd) ** steps:.2f}")
print("l2(0.005) in the loss       :",
      f"{train(penalty=keras.regularizers.l2(wd / 2)):.2f}")
# Momentum makes a steady pull's step 1 / (1 - momentum) = 10 times larger:
print("  (1 - lr * wd * 10) ** 100 :",
      f"{(1 - lr * wd / (1 - momentum)) ** steps:.2f}")

# Expected output:
# Keras SGD(weight_decay=0.01): 0.90
#   (1 - lr * wd) ** 100      : 0.90
# l2(0.005) in the loss       : 0.37
#   (1 - lr * wd * 10) ** 100 : 0.37
