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
    'Dense(activation="leaky_relu")': [
        pass_through(activation="leaky_relu")],
    "LeakyReLU()": [pass_through(), layers.LeakyReLU()],
    "LeakyReLU(negative_slope=0.01)": [
        pass_through(), layers.LeakyReLU(negative_slope=0.01)],
}
minus_one = np.array([[-1.0]])
print("slope for negative inputs")
for name, stack in ways.items():
    model = keras.Sequential([keras.Input(shape=(1,)), *stack])
    slope = -float(model(minus_one)[0, 0])
    print(f"{name + ':':32} {slope:.2f}")

# Expected output:
# slope for negative inputs
# Dense(activation="leaky_relu"):  0.20
# LeakyReLU():                     0.30
# LeakyReLU(negative_slope=0.01):  0.01
