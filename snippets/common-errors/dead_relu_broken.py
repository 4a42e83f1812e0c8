# Dead ReLUs. A unit whose input is below 0 on EVERY example outputs 0, and
# ReLU's slope there is 0, so the unit's own weights and bias get no gradient.
# Run 1 starts every unit dead (every bias -3); run 2 has a learning rate
# that is too high.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 3 * np.sin(x[:, :1])).astype("float32")
# the loss of a model that ignores x and always predicts the mean of y
print(f"loss when always predicting the mean: {np.var(y):.2f}")


def dead_share(hidden):  # share of units whose input is < 0 on every example
    z = x @ hidden.kernel.numpy() + hidden.bias.numpy()
    return np.all(z < 0, axis=0).mean()


def train(label, lr, bias=0.0, digits=2):
    keras.utils.set_random_seed(0)
    hidden = layers.Dense(64, activation="relu",
                          bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input((8,)), hidden, layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse")
    before = dead_share(hidden)
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    loss = history.history["loss"]  # mean loss of each of the 5 epochs
    print(label)
    print(f"  dead units: {before:.0%} -> {dead_share(hidden):.0%}")
    print("  loss per epoch:", " ".join(f"{v:.{digits}f}" for v in loss))


train("ReLU, bias -3, lr 0.01", lr=0.01, bias=-3.0)  # every unit starts dead
# learning rate too high; its run is chaotic (the decimals differ between
# CPUs), so its losses are printed as whole numbers
train("ReLU, bias 0, lr 0.25", lr=0.25, digits=0)

# Expected output:
# loss when always predicting the mean: 12.17
# ReLU, bias -3, lr 0.01
#   dead units: 100% -> 100%
#   loss per epoch: 12.19 12.19 12.19 12.19 12.19
# ReLU, bias 0, lr 0.25
#   dead units: 0% -> 25%
#   loss per epoch: 9 13 5 28 14
