# In Keras you choose the optimizer when you compile the model.
from tensorflow import keras
from tensorflow.keras import layers

# SGD with momentum
sgd = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)

# Adam: a separate, adaptive step size for every parameter (the safe default)
adam = keras.optimizers.Adam(learning_rate=1e-3)

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=adam, loss="categorical_crossentropy")

print(f"SGD : lr={float(sgd.learning_rate):g} momentum={sgd.momentum}")
print(f"Adam: lr={float(adam.learning_rate):g} "
      f"beta_1={adam.beta_1} beta_2={adam.beta_2}")
print("compiled with", type(model.optimizer).__name__, "and", model.loss)

# Expected output:
# SGD : lr=0.01 momentum=0.9
# Adam: lr=0.001 beta_1=0.9 beta_2=0.999
# compiled with Adam and categorical_crossentropy
