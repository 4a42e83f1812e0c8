# A steep loss, loss = w**4, starting from w = 3, where the slope 4 * w**3
# is 108. SGD at lr 0.3 with and without clipnorm=1.0, which shrinks any
# gradient longer than 1.0 to length 1.0 before the step; then SGD at
# smaller learning rates, without clipping.
import math

import tensorflow as tf
from tensorflow import keras

SGD = keras.optimizers.SGD


def run(optimizer, steps=40):
    w = tf.Variable(3.0)
    ws = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = w**4
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        ws.append(float(w.numpy()))
    return ws


plain = run(SGD(learning_rate=0.3))
clipped = run(SGD(learning_rate=0.3, clipnorm=1.0))
for name, ws in (("no clipping", plain), ("clipnorm=1.0", clipped)):
    print(f"{name}, w after steps 1-4:", *(f"{w:.3g}" for w in ws[:4]))
    print(f"{name}, finite after 40 steps:", math.isfinite(ws[-1]))
print(f"clipnorm=1.0, loss after 40 steps: {clipped[-1] ** 4:.2g}")
for lr in (0.05, 0.06):
    ws = run(SGD(learning_rate=lr))
    loss = f"{ws[-1] ** 4:.2g}" if math.isfinite(ws[-1]) else "not finite"
    print(f"no clipping, lr {lr}, loss after 40 steps: {loss}")

# On a vector, clipnorm keeps the gradient's direction; clipvalue caps
# each entry on its own. A gradient (3, 4), one step at lr 1:
g = tf.constant([3.0, 4.0])
for clip in ({"clipnorm": 1.0}, {"clipvalue": 1.0}):
    w = tf.Variable([0.0, 0.0])
    SGD(learning_rate=1.0, **clip).apply_gradients([(g, w)])
    print(f"{list(clip)[0]}=1.0, step:", *(f"{x:+.1f}" for x in w.numpy()))

# Expected output:
# no clipping, w after steps 1-4: -29.4 3.05e+04 -3.39e+13 inf
# no clipping, finite after 40 steps: False
# clipnorm=1.0, w after steps 1-4: 2.7 2.4 2.1 1.8
# clipnorm=1.0, finite after 40 steps: True
# clipnorm=1.0, loss after 40 steps: 0.00013
# no clipping, lr 0.05, loss after 40 steps: 0.0019
# no clipping, lr 0.06, loss after 40 steps: not finite
# clipnorm=1.0, step: -0.6 -0.8
# clipvalue=1.0, step: -1.0 -1.0
