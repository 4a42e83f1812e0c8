# The lesson's two patterns, completed into models that run.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)

# Typical CNN pattern: Dense -> BatchNorm -> activation. The Dense layer
# has no bias: BatchNorm subtracts the mean anyway and adds its own shift.
cnn_style = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, use_bias=False),
    layers.BatchNormalization(),
    layers.Activation("relu"),
])
# Transformer pattern uses LayerNorm instead
transformer_style = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64),
    layers.LayerNormalization(),
])

for title, model in (("CNN pattern:", cnn_style),
                     ("Transformer pattern:", transformer_style)):
    print(title)
    for layer in model.layers:
        kind = type(layer).__name__
        print(f"  {kind:18} output shape {layer.output.shape}")

# One value per feature in each weight; all start equal, so show the value
for name, norm in (("BatchNorm", cnn_style.layers[1]),
                   ("LayerNorm", transformer_style.layers[1])):
    for kind, weights in (("trainable", norm.trainable_weights),
                          ("non-trainable", norm.non_trainable_weights)):
        shown = [f"{w.name} {tuple(w.shape)} all {np.unique(w)[0]:g}"
                 for w in weights]
        print(f"{name} {kind:13}:", ", ".join(shown) or "none")

bn = cnn_style.layers[1]
print("BatchNorm momentum:", bn.momentum, " epsilon:", bn.epsilon)

# Expected output:
# CNN pattern:
#   Dense              output shape (None, 64)
#   BatchNormalization output shape (None, 64)
#   Activation         output shape (None, 64)
# Transformer pattern:
#   Dense              output shape (None, 64)
#   LayerNormalization output shape (None, 64)
# BatchNorm trainable    : gamma (64,) all 1, beta (64,) all 0
# BatchNorm non-trainable: moving_mean (64,) all 0, moving_variance (64,) all 1
# LayerNorm trainable    : gamma (64,) all 1, beta (64,) all 0
# LayerNorm non-trainable: none
# BatchNorm momentum: 0.99  epsilon: 0.001
