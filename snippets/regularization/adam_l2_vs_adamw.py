# Two weights, both starting at 1.0. Weight a gets large data gradients
# (+10, -10, +10, ...: big, but with no net direction); weight b gets
# none. Only a regularizer has a reason to shrink them. 300 steps of
# Adam at lr 0.01: L2 in the loss, or decoupled weight decay (AdamW).
import tensorflow as tf
from tensorflow import keras

steps, lr, wd = 300, 0.01, 0.1
l2 = keras.regularizers.l2(wd / 2)  # gradient 2 * 0.05 * w = 0.1 * w


def train(optimizer, penalty=None):
    w = tf.Variable([1.0, 1.0])  # [a, b]

    @tf.function
    def step(sign):
        with tf.GradientTape() as tape:
            loss = 10.0 * sign * w[0]  # the data loss
            if penalty:
                loss += penalty(w)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])

    for t in range(steps):
        step(tf.constant((-1.0) ** t))
    return w.numpy()


runs = {
    "Adam, no penalty": train(keras.optimizers.Adam(lr)),
    "Adam + l2(0.05)": train(keras.optimizers.Adam(lr), l2),
    "AdamW, wd 0.1": train(keras.optimizers.AdamW(lr, weight_decay=wd)),
}
print("                     a     b")
for name, (a, b) in runs.items():
    print(f"{name + ':':18}{a:6.2f}{abs(b):6.2f}")  # abs: no "-0.00"
same = train(keras.optimizers.Adam(lr, weight_decay=wd))
print("Adam(weight_decay=0.1) gives the same as AdamW:",
      (same == runs["AdamW, wd 0.1"]).all())
print("(1 - lr * wd) ** 300:", round((1 - lr * wd) ** steps, 2))
print("AdamW's default weight_decay:",
      keras.optimizers.AdamW().weight_decay)

# Expected output:
#                      a     b
# Adam, no penalty:   0.98  1.00
# Adam + l2(0.05):    0.95  0.00
# AdamW, wd 0.1:      0.73  0.74
# Adam(weight_decay=0.1) gives the same as AdamW: True
# (1 - lr * wd) ** 300: 0.74
# AdamW's default weight_decay: 0.004
