# In Keras you do not write the activation math: you name it on the layer.
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)

model = keras.Sequential([
    keras.Input(shape=(20,)),                # 20 input features
    layers.Dense(64, activation="relu"),     # ReLU hidden layer
    layers.Dense(64, activation="gelu"),     # GELU hidden layer
    layers.Dense(10, activation="softmax"),  # softmax OUTPUT for 10 classes
])

for layer in model.layers:
    act = layer.activation.__name__
    print(f"{layer.name:8} {act:8} output shape {layer.output.shape}")

# The softmax output turns 10 raw scores into probabilities that sum to 1.
batch = keras.random.normal((3, 20), seed=1)
probs = model(batch).numpy()
print("example 0:", probs[0].round(3))
print("sum of each row:", probs.sum(axis=1).round(4))

# Expected output:
# dense    relu     output shape (None, 64)
# dense_1  gelu     output shape (None, 64)
# dense_2  softmax  output shape (None, 10)
# example 0: [0.096 0.038 0.141 0.116 0.059 0.056 0.095 0.074 0.254 0.07 ]
# sum of each row: [1. 1. 1.]
