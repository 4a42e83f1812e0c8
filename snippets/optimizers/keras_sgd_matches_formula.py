# Keras's SGD(momentum=0.9) does exactly the two-line update by hand:
#   velocity = beta * velocity - lr * gradient;  weight = weight + velocity
# Take two steps both ways on the same numbers and compare.
import tensorflow as tf
from tensorflow import keras

lr, beta, gradient = 0.1, 0.9, 0.5

weight = tf.Variable(2.0)
sgd = keras.optimizers.SGD(learning_rate=lr, momentum=beta)

w, velocity = 2.0, 0.0  # the same start, by hand
for step in (1, 2):
    sgd.apply_gradients([(tf.constant(gradient), weight)])
    velocity = beta * velocity - lr * gradient
    w = w + velocity
    print(f"step {step}: Keras {weight.numpy():.4f}   by hand {w:.4f}")

# Expected output:
# step 1: Keras 1.9500   by hand 1.9500
# step 2: Keras 1.8550   by hand 1.8550
