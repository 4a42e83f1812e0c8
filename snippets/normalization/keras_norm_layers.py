# The Dense -> BatchNorm -> ReLU pattern as a model that runs, and what the
# two normalization layers store.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)

# No bias on Dense: BatchNorm removes the mean, and its beta is the shift.
dense_bn_relu = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, use_bias=False),
    layers.BatchNormalization(),
    layers.Activation("relu"),
])
print("Dense -> BatchNorm -> ReLU:")
for layer in dense_bn_relu.layers:
    kind = type(layer).__name__
    print(f"  {kind:18} output shape {layer.output.shape}")
print("  Dense weights:", [w.name for w in dense_bn_relu.layers[0].weights])

ln = layers.LayerNormalization()
ln.build((None, 64))  # a LayerNorm over 64 features, for comparison

# One value per feature in each weight; all start equal, so show the value
for name, norm in (("BatchNorm", dense_bn_relu.layers[1]),
                   ("LayerNorm", ln)):
    for kind, weights in (("trainable", norm.trainable_weights),
                          ("non-trainable", norm.non_trainable_weights)):
        shown = [f"{w.name} {tuple(w.shape)} all {np.unique(w)[0]:g}"
                 for w in weights]
        print(f"{name} {kind:13}:", ", ".join(shown) or "none")

bn = dense_bn_relu.layers[1]
print("BatchNorm momentum:", bn.momentum, " epsilon:", bn.epsilon)
print("LayerNorm epsilon:", ln.epsilon)

# Expected output:
# Dense -> BatchNorm -> ReLU:
#   Dense              output shape (None, 64)
#   BatchNormalization output shape (None, 64)
#   Activation         output shape (None, 64)
#   Dense weights: ['kernel']
# BatchNorm trainable    : gamma (64,) all 1, beta (64,) all 0
# BatchNorm non-trainable: moving_mean (64,) all 0, moving_variance (64,) all 1
# LayerNorm trainable    : gamma (64,) all 1, beta (64,) all 0
# LayerNorm non-trainable: none
# BatchNorm momentum: 0.99  epsilon: 0.001
# LayerNorm epsilon: 0.001
