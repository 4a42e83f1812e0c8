# Why a network needs activations: two linear layers in a row are still
# just ONE linear layer. Put a ReLU between them and that is no longer true.
import numpy as np

rng = np.random.default_rng(0)
W1, W2 = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
x = rng.normal(size=(5, 3))  # 5 examples, 3 features each

one_layer = x @ (W1 @ W2)  # a single layer with weights W1 @ W2

two_layers = (x @ W1) @ W2
print("linear, linear       == one layer:", np.allclose(two_layers, one_layer))

with_relu = np.maximum(0.0, x @ W1) @ W2
print("linear, ReLU, linear == one layer:", np.allclose(with_relu, one_layer))

# Expected output:
# linear, linear       == one layer: True
# linear, ReLU, linear == one layer: False
