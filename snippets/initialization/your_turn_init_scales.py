# Your turn: from nothing but the layer sizes, work out the spread
# he_normal and glorot_uniform draw their weights with, then hold it
# against the weights Keras really drew in keras_initializers.py.
import math


def he_var(n_in):  # Var(w) for a layer followed by ReLU
    return ___  # -> ReLU keeps half the variance: win it back [hint: 2 / n_in]


def xavier_var(n_in, n_out):  # Var(w) for tanh
    # forward wants 1 / n_in, backward 1 / n_out: settle between the two
    return ___  # -> settle between the two fans [hint: 2 / (n_in + n_out)]


def uniform_limit(var):  # uniform on [-limit, limit]: var = limit**2 / 3
    return ___  # -> solve that for limit [hint: math.sqrt(3 * var)]


# In brackets: what keras_initializers.py measured on its two layers
he_std = math.sqrt(he_var(256))
print(f"he_normal,      256 -> 64: std   {he_std:.4f} (Keras: 0.0884)")
tanh_var = xavier_var(64, 64)
print(f"glorot_uniform,  64 -> 64: std   {math.sqrt(tanh_var):.4f}"
      " (Keras: 0.1242)")
print(f"glorot_uniform,  64 -> 64: limit {uniform_limit(tanh_var):.4f}"
      " (Keras's largest |w|: 0.2165)")
# Unequal fans: here the ways of settling in between give different
# answers, and only Glorot's matches the expected output
print(f"glorot_uniform, 256 -> 64: std   "
      f"{math.sqrt(xavier_var(256, 64)):.4f}")
# and what signal_through_depth.py measured: Var(w) = 1/256 before ReLU
factor = math.sqrt(256 * xavier_var(256, 256) / 2)
print(f"Xavier, 256 -> 256, ReLU: std x {factor:.3f} per layer"
      " (measured: 0.705)")

# Expected output:
# he_normal,      256 -> 64: std   0.0884 (Keras: 0.0884)
# glorot_uniform,  64 -> 64: std   0.1250 (Keras: 0.1242)
# glorot_uniform,  64 -> 64: limit 0.2165 (Keras's largest |w|: 0.2165)
# glorot_uniform, 256 -> 64: std   0.0791
# Xavier, 256 -> 256, ReLU: std x 0.707 per layer (measured: 0.705)
