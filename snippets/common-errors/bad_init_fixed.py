# The fix for bad initialization: let the layer size set the scale of the
# starting weights. He init for ReLU, Xavier (Glorot) init for tanh.
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixels 0..16 -> 0..1
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def losses(init, activation):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((64,))]
        + [layers.Dense(64, activation, kernel_initializer=init)
           for _ in range(3)]
        + [layers.Dense(10, kernel_initializer=init)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss)
    start = float(loss(y, model(x)))  # before any training step
    history = model.fit(x, y, epochs=5, batch_size=64, verbose=0)
    return " ".join(f"{v:.4g}" for v in [start] + history.history["loss"])


print("loss before training, then after each of 5 epochs")
print("he_normal,      ReLU:", losses("he_normal", "relu"))
print("glorot_uniform, tanh:", losses("glorot_uniform", "tanh"))

# Expected output:
# loss before training, then after each of 5 epochs
# he_normal,      ReLU: 2.465 1.745 0.8044 0.4321 0.2861 0.2175
# glorot_uniform, tanh: 2.267 1.596 0.7205 0.4386 0.3196 0.2547
