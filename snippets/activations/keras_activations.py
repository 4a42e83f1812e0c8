# Keras does the activation math for you: name it on a Dense layer.
# LeakyReLU is a layer of its own, and we always write its slope out.
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)

model = keras.Sequential([
    keras.Input(shape=(20,)),  # every example is 20 numbers
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="gelu"),
    layers.Dense(64),  # no activation here: the next layer is one
    layers.LeakyReLU(negative_slope=0.01),
    layers.Dense(10, activation="softmax"),  # 10 class probabilities
])

for layer in model.layers:
    if isinstance(layer, layers.LeakyReLU):
        act = f"LeakyReLU, slope {layer.negative_slope}"
    else:
        act = layer.activation.__name__
    print(f"{layer.name:12} {act:22} output shape {layer.output.shape}")

# Softmax turns the 10 raw scores of each example into probabilities.
batch = keras.random.normal((3, 20), seed=1)
probs = model(batch).numpy()
print("example 0:", probs[0].round(3))
print("sum of each row:", probs.sum(axis=1).round(4))

# Expected output:
# dense        relu                   output shape (None, 64)
# dense_1      gelu                   output shape (None, 64)
# dense_2      linear                 output shape (None, 64)
# leaky_re_lu  LeakyReLU, slope 0.01  output shape (None, 64)
# dense_3      softmax                output shape (None, 10)
# example 0: [0.181 0.068 0.109 0.069 0.071 0.108 0.093 0.103 0.087 0.109]
# sum of each row: [1. 1. 1.]
