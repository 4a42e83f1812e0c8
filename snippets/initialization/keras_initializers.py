# The lesson's two layers, built on 256 inputs, and their starting
# weights measured next to the formulas they are drawn from.
import math

from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)

model = keras.Sequential([
    keras.Input(shape=(256,)),
    # ReLU layer: He, normal draws with Var(w) = 2 / fan_in
    layers.Dense(64, activation="relu",
                 kernel_initializer="he_normal"),
    # tanh layer: Xavier, uniform draws with Var(w) = 2 / (in + out)
    layers.Dense(64, activation="tanh",
                 kernel_initializer="glorot_uniform"),
])
he, glorot = (layer.kernel.numpy() for layer in model.layers)

fan_in, fan_out = he.shape  # 256 inputs, 64 units
std = math.sqrt(2 / fan_in)
print(f"he_normal      kernel {he.shape}")
print(f"  std of the weights   {he.std():.4f}")
print(f"  sqrt(2/fan_in)       {std:.4f}")
# Keras draws from a normal of std sqrt(2/fan_in) / 0.8796 and redraws
# anything beyond 2 of those stds: what is kept has std sqrt(2/fan_in).
print(f"  largest |w|          {abs(he).max():.4f}"
      f"  (cut-off {2 * std / 0.87962566:.4f})")
# Without that widening, cutting the tails would shrink the std by 12 %:
plain = keras.initializers.TruncatedNormal(stddev=std, seed=1)(he.shape)
print(f"  plain TruncatedNormal({std:.4f})"
      f" has std {plain.numpy().std():.4f}")

fan_in, fan_out = glorot.shape  # 64 inputs (the layer before), 64 units
limit = math.sqrt(6 / (fan_in + fan_out))
print(f"glorot_uniform kernel {glorot.shape}")
print(f"  largest |w|          {abs(glorot).max():.4f}")
print(f"  sqrt(6/(in+out))     {limit:.4f}")
print(f"  std of the weights   {glorot.std():.4f}")
print(f"  sqrt(2/(in+out))     {math.sqrt(2 / (fan_in + fan_out)):.4f}")

# Expected output:
# he_normal      kernel (256, 64)
#   std of the weights   0.0884
#   sqrt(2/fan_in)       0.0884
#   largest |w|          0.2008  (cut-off 0.2010)
#   plain TruncatedNormal(0.0884) has std 0.0779
# glorot_uniform kernel (64, 64)
#   largest |w|          0.2165
#   sqrt(6/(in+out))     0.2165
#   std of the weights   0.1242
#   sqrt(2/(in+out))     0.1250
