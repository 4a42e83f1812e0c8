# All-zero starting weights: every hidden unit computes the same output
# and gets the same gradient, so training never makes them different.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(64, 3)).astype("float32")  # 64 examples, 3 inputs
y = x @ np.array([[1.0], [-2.0], [0.5]], "float32") + np.sin(x[:, :1])


def train(init, activation):  # 200 steps of SGD on all 64 examples
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(3,)),
        layers.Dense(4, activation, kernel_initializer=init),
        layers.Dense(1, kernel_initializer=init),
    ])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    for _ in range(200):
        model.train_on_batch(x, y)
    loss = np.mean((model(x).numpy() - y) ** 2)  # mean squared error
    kernel = model.layers[0].kernel.numpy()  # 3 inputs x 4 hidden units
    return kernel, loss


runs = [("zeros", "sigmoid"), ("glorot_uniform", "sigmoid"),
        ("zeros", "relu")]
for init, activation in runs:
    kernel, loss = train(init, activation)
    print(f"{init} + {activation}: kernel after training "
          f"(a column per unit)\n{kernel.round(4) + 0.0}")
    print("  columns all equal:", np.all(kernel == kernel[:, :1]),
          "| distinct columns:", len(np.unique(kernel, axis=1).T),
          f"| loss {loss:.4f}")

# Expected output:
# zeros + sigmoid: kernel after training (a column per unit)
# [[-1.0351 -1.0351 -1.0351 -1.0351]
#  [ 1.2303  1.2303  1.2303  1.2303]
#  [-0.2958 -0.2958 -0.2958 -0.2958]]
#   columns all equal: True | distinct columns: 1 | loss 0.2005
# glorot_uniform + sigmoid: kernel after training (a column per unit)
# [[-0.736  -1.2866  0.8793 -0.6243]
#  [ 0.7243  0.8252 -0.8702  1.6361]
#  [-0.1818 -0.2173  0.5098  0.0284]]
#   columns all equal: False | distinct columns: 4 | loss 0.1032
# zeros + relu: kernel after training (a column per unit)
# [[0. 0. 0. 0.]
#  [0. 0. 0. 0.]
#  [0. 0. 0. 0.]]
#   columns all equal: True | distinct columns: 1 | loss 5.8254
