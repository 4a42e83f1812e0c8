# A deep plain network: 20 Dense+ReLU layers, 32 units each, on the digits.
# We measure how spread out (standard deviation) each layer's outputs are on
# the first batch, then train for 5 epochs with SGD.
import numpy as np
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0  # pixels 0..16 -> 0..1
loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def plain_net(init):
    stack = [keras.Input((64,))]
    for _ in range(20):
        stack += [layers.Dense(32, kernel_initializer=init),
                  layers.Activation("relu")]
    return keras.Sequential(stack + [layers.Dense(10)])


for init in ["glorot_uniform", "he_normal"]:
    keras.utils.set_random_seed(0)
    model = plain_net(init)
    h, spread = x[:64], []
    for layer in model.layers[:-1]:
        h = layer(h)
        if isinstance(layer, layers.Activation):
            spread.append(np.std(h))
    # the rule for a ReLU layer: it multiplies the spread by the std of its
    # weights times sqrt(inputs / 2); layers 2 to 20 have 32 inputs each
    w_std = np.std([layer.kernel for layer in model.layers[2:-1:2]])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss,
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=5, batch_size=64, verbose=0)
    losses, acc = history.history["loss"], history.history["accuracy"][-1]
    print(f"plain, {init} init")
    print("  spread at layer 1, 10, 20:",
          " ".join(f"{spread[i]:.2g}" for i in (0, 9, 19)))
    print(f"  factor per layer: {(spread[19] / spread[0]) ** (1 / 19):.2f},"
          f" rule: {w_std * np.sqrt(32 / 2):.2f}")
    # Training a deep net amplifies rounding: from the 3rd decimal on, the
    # losses differ between CPUs. So we print what holds on every machine.
    print(f"  loss in epoch 1: {losses[0]:.1f}")
    print(f"  loss in epoch 5 below 1.75: {losses[-1] < 1.75}")
    print(f"  accuracy after 5 epochs above 30%: {acc > 0.3}")

# Expected output:
# plain, glorot_uniform init
#   spread at layer 1, 10, 20: 0.22 0.018 0.0002
#   factor per layer: 0.69, rule: 0.70
#   loss in epoch 1: 2.3
#   loss in epoch 5 below 1.75: False
#   accuracy after 5 epochs above 30%: False
# plain, he_normal init
#   spread at layer 1, 10, 20: 0.33 0.39 0.33
#   factor per layer: 1.00, rule: 1.00
#   loss in epoch 1: 2.2
#   loss in epoch 5 below 1.75: False
#   accuracy after 5 epochs above 30%: False
