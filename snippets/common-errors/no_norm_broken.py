# A deep plain network: 20 Dense+ReLU layers, 32 units each, on the digits.
# First how spread out (standard deviation) each layer's outputs are before
# training; then 3 epochs of SGD at lr 0.3, for it and for a 3-layer net.
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixels 0..16 -> 0..1
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def plain_net(depth, init):
    stack = [keras.Input((64,))]
    for _ in range(depth):
        stack += [layers.Dense(32, kernel_initializer=init),
                  layers.Activation("relu")]
    return keras.Sequential(stack + [layers.Dense(10)])


for init in ["glorot_uniform", "he_normal"]:
    keras.utils.set_random_seed(0)
    model = plain_net(20, init)
    h, spread = x[:64], []
    for layer in model.layers[:-1]:
        h = layer(h)
        if isinstance(layer, layers.Activation):
            spread.append(np.std(h))
    # the rule for a ReLU layer: it multiplies the spread by the std of its
    # weights times sqrt(inputs / 2); layers 2 to 20 have 32 inputs each
    w_std = np.std([layer.kernel for layer in model.layers[2:-1:2]])
    print(f"20 layers, {init}")
    print("  spread at layer 1, 10, 20:",
          " ".join(f"{spread[i]:.2g}" for i in (0, 9, 19)))
    print(f"  factor per layer: {(spread[19] / spread[0]) ** (1 / 19):.2f},"
          f" rule: {w_std * np.sqrt(32 / 2):.2f}")

# Deep runs amplify rounding (their losses can differ between CPUs already
# in the first decimal), so we print a comparison that holds everywhere.
print("SGD lr 0.3, he_normal: loss after 3 epochs below 2.0 (chance: 2.30)")
for depth in (20, 3):
    keras.utils.set_random_seed(0)
    model = plain_net(depth, "he_normal")
    model.compile(optimizer=keras.optimizers.SGD(0.3), loss=loss)
    history = model.fit(x, y, epochs=3, batch_size=64, verbose=0)
    print(f"  {depth} layers: {history.history['loss'][-1] < 2.0}")

# Expected output:
# 20 layers, glorot_uniform
#   spread at layer 1, 10, 20: 0.22 0.018 0.0002
#   factor per layer: 0.69, rule: 0.70
# 20 layers, he_normal
#   spread at layer 1, 10, 20: 0.33 0.39 0.33
#   factor per layer: 1.00, rule: 1.00
# SGD lr 0.3, he_normal: loss after 3 epochs below 2.0 (chance: 2.30)
#   20 layers: False
#   3 layers: True
