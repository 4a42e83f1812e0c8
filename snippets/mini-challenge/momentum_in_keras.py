# Mini challenge, part 2: the same momentum run, done by Keras
#
# Take the momentum steps of part 1 again, now without writing the
# update yourself: make the weight a tf.Variable that starts at 10.0,
# build keras.optimizers.SGD with learning rate 0.1 and momentum 0.9, and
# feed it the constant gradient 2.0 for 5 steps through its
# apply_gradients() method. After each step, pass the variable to show().
# Check: 9.8 and 9.42 after two steps, as in part 1, and from there on
# the momentum column of the 100-step table on the page.
import tensorflow as tf
from tensorflow import keras

START = 10.0
GRADIENT = 2.0  # constant, on every step
STEPS = 5


def show(step, variable):
    print(f"step {step}: Keras {variable.numpy():.4f}")


# --- solution ---
w = tf.Variable(START)
optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
for step in range(1, STEPS + 1):
    optimizer.apply_gradients([(tf.constant(GRADIENT), w)])
    show(step, w)
# --- end of solution ---

# Expected output:
# step 1: Keras 9.8000
# step 2: Keras 9.4200
# step 3: Keras 8.8780
# step 4: Keras 8.1902
# step 5: Keras 7.3712
