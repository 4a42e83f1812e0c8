# Which optimizer trains a model is set when you compile it.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# the velocity rule from above, with the lesson's settings
momentum_opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
# Nesterov momentum and gradient clipping are arguments too
nesterov_opt = keras.optimizers.SGD(momentum=0.9, nesterov=True, clipnorm=1.0)
# one adaptive step size per weight; a good first choice
adam_opt = keras.optimizers.Adam(learning_rate=1e-3)
print(f"SGD : lr={float(momentum_opt.learning_rate):g} "
      f"momentum={momentum_opt.momentum}")
print(f"SGD, Nesterov: momentum={nesterov_opt.momentum}",
      f"nesterov={nesterov_opt.nesterov} clipnorm={nesterov_opt.clipnorm}")
print(f"Adam: lr={float(adam_opt.learning_rate):g} "
      f"beta_1={adam_opt.beta_1} beta_2={adam_opt.beta_2}")
print("AdamW, default weight_decay:", keras.optimizers.AdamW().weight_decay)

# Every Keras optimizer takes weight_decay and applies it outside the
# update, as AdamW does: one step from w = 1 with a gradient of 10
for opt in (keras.optimizers.Adam(learning_rate=0.1, weight_decay=0.004),
            keras.optimizers.AdamW(learning_rate=0.1)):
    w = tf.Variable(1.0)
    opt.apply_gradients([(tf.constant(10.0), w)])
    print(f"{type(opt).__name__}, w after one step: {float(w):.4f}")

net = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
net.compile(optimizer=adam_opt, loss="categorical_crossentropy")
print("compiled with", type(net.optimizer).__name__, "and", net.loss)

# Expected output:
# SGD : lr=0.01 momentum=0.9
# SGD, Nesterov: momentum=0.9 nesterov=True clipnorm=1.0
# Adam: lr=0.001 beta_1=0.9 beta_2=0.999
# AdamW, default weight_decay: 0.004
# Adam, w after one step: 0.8996
# AdamW, w after one step: 0.8996
# compiled with Adam and categorical_crossentropy
