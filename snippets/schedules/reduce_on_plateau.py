# ReduceLROnPlateau: no schedule fixed in advance. The callback watches
# the loss and halves the rate once it has not improved for 2 epochs.
# Same model and data as decay_vs_constant.py, starting at the rate 0.6.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(512, 8))
y = x @ rng.normal(size=(8, 1)) + 0.5 * rng.normal(size=(512, 1))

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((8,)),
                          layers.Dense(1, use_bias=False)])
model.compile(optimizer=keras.optimizers.SGD(0.6), loss="mse")
halve_when_stuck = keras.callbacks.ReduceLROnPlateau(
    monitor="loss",  # usually "val_loss"; the training loss keeps it short
    factor=0.5,      # new rate = old rate * 0.5
    patience=2,      # epochs without improvement before a cut
)
history = model.fit(x, y, epochs=9, batch_size=32, verbose=0,
                    callbacks=[halve_when_stuck])

rates, losses = history.history["learning_rate"], history.history["loss"]
print("loss per epoch:", " ".join(f"{v:.3f}" for v in losses))
for epoch in range(1, len(rates)):  # rates[i]: the rate used in epoch i+1
    if rates[epoch] < rates[epoch - 1]:
        print(f"rate cut after epoch {epoch}: "
              f"{rates[epoch - 1]:g} -> {rates[epoch]:g}")

# Expected output:
# loss per epoch: 1.880 0.369 0.369 0.369 0.281 0.275 0.275 0.275 0.264
# rate cut after epoch 4: 0.6 -> 0.3
# rate cut after epoch 8: 0.3 -> 0.15
