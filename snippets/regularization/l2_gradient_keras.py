# How hard does a penalty pull on each weight? Its gradient says.
# Keras's l2(lam) is lam * sum(w**2): the pull 2 * lam * w grows with
# the weight. l1(lam) is lam * sum(|w|): the same pull lam for every
# weight, big or small, in the direction of zero.
import tensorflow as tf
from tensorflow import keras

w = tf.Variable([-4.0, -1.0, 0.5, 2.0])


def pull(penalty):  # the gradient of the penalty at w, as a list
    with tf.GradientTape() as tape:
        loss = penalty(w)
    return [round(float(g), 4) for g in tape.gradient(loss, w)]


lam = 0.01
print("weights               :", [float(v) for v in w])
print("gradient of l2(0.01)  :", pull(keras.regularizers.l2(lam)))
print("2 * 0.01 * w          :", [round(2 * lam * float(v), 4) for v in w])
print("gradient of l1(0.01)  :", pull(keras.regularizers.l1(lam)))

# PyTorch's weight_decay=0.01 (and d2l's lam/2 * sum(w**2)) adds
# 0.01 * w to the gradient: half of Keras's l2(0.01). Same pull:
print("0.01 * w              :", [round(lam * float(v), 4) for v in w])
print("gradient of l2(0.005) :", pull(keras.regularizers.l2(lam / 2)))

# Expected output:
# weights               : [-4.0, -1.0, 0.5, 2.0]
# gradient of l2(0.01)  : [-0.08, -0.02, 0.01, 0.04]
# 2 * 0.01 * w          : [-0.08, -0.02, 0.01, 0.04]
# gradient of l1(0.01)  : [-0.01, -0.01, 0.01, 0.01]
# 0.01 * w              : [-0.04, -0.01, 0.005, 0.02]
# gradient of l2(0.005) : [-0.04, -0.01, 0.005, 0.02]
