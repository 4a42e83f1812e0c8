# Keras's SGD with momentum=0.9 runs the same rule as the hand-written
# step (v <- beta * v - lr * g, then w <- w + v). Two steps each way,
# from the same start and with the same gradient, side by side.
import tensorflow as tf
from tensorflow import keras

lr, beta, g = 0.1, 0.9, 0.5

keras_w = tf.Variable(2.0)
sgd = keras.optimizers.SGD(learning_rate=lr, momentum=beta)

w, v = 2.0, 0.0  # the same start, by hand
for step in (1, 2):
    sgd.apply_gradients([(tf.constant(g), keras_w)])
    v = beta * v - lr * g
    w = w + v
    print(f"step {step}: Keras {keras_w.numpy():.4f}   by hand {w:.4f}")

# Expected output:
# step 1: Keras 1.9500   by hand 1.9500
# step 2: Keras 1.8550   by hand 1.8550
