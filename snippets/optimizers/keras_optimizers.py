# Which optimizer trains a model is set when you compile it.
from tensorflow import keras
from tensorflow.keras import layers

# the velocity rule from above, with the lesson's settings
momentum_opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
# one adaptive step size per weight; a good first choice
adam_opt = keras.optimizers.Adam(learning_rate=1e-3)
print(f"SGD : lr={float(momentum_opt.learning_rate):g} "
      f"momentum={momentum_opt.momentum}")
print(f"Adam: lr={float(adam_opt.learning_rate):g} "
      f"beta_1={adam_opt.beta_1} beta_2={adam_opt.beta_2}")

net = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
net.compile(optimizer=adam_opt, loss="categorical_crossentropy")
print("compiled with", type(net.optimizer).__name__, "and", net.loss)

# Expected output:
# SGD : lr=0.01 momentum=0.9
# Adam: lr=0.001 beta_1=0.9 beta_2=0.999
# compiled with Adam and categorical_crossentropy
