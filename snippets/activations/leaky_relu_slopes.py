# LeakyReLU's slope for negative inputs has more than one default in Keras.
# Measure each way of asking for it: a Dense layer with one weight of 1 and
# no bias passes its input on unchanged, so the model's output for -1.0 is
# minus the slope.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def pass_through(**options):  # Dense(1) with weight 1, no bias: out = in
    return layers.Dense(1, use_bias=False, kernel_initializer="ones",
                        **options)


ways = {
    'Dense(..., activation="leaky_relu")': [
        pass_through(activation="leaky_relu")],
    "LeakyReLU() layer, default": [pass_through(), layers.LeakyReLU()],
    "LeakyReLU(negative_slope=0.01)": [
        pass_through(), layers.LeakyReLU(negative_slope=0.01)],
}
minus_one = np.array([[-1.0]])
for name, stack in ways.items():
    model = keras.Sequential([keras.Input(shape=(1,)), *stack])
    slope = -float(model(minus_one)[0, 0])
    print(f"{name:36} slope {slope:.2f}")

# Expected output:
# Dense(..., activation="leaky_relu")  slope 0.20
# LeakyReLU() layer, default           slope 0.30
# LeakyReLU(negative_slope=0.01)       slope 0.01
