# SGD, SGD + momentum and Adam on a long, narrow valley with its minimum
# at (0, 0): loss(x, y) = 0.5 * (x**2 + 25 * y**2), 25 times steeper in y.
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow import keras


def loss_fn(p):
    return 0.5 * (p[0] ** 2 + 25.0 * p[1] ** 2)


def path(optimizer, steps=40):
    p = tf.Variable([-4.0, 1.5])
    points = [p.numpy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(p)
        optimizer.apply_gradients([(tape.gradient(loss, p), p)])
        points.append(p.numpy())
    return np.array(points, dtype=np.float64)  # float64: no overflow below


sgd = keras.optimizers.SGD
runs = {"SGD, lr 0.02": sgd(learning_rate=0.02),
        "SGD, lr 0.2": sgd(learning_rate=0.2),  # Adam's learning rate
        "momentum 0.9, lr 0.02": sgd(learning_rate=0.02, momentum=0.9),
        "Nesterov 0.9, lr 0.02": sgd(learning_rate=0.02, momentum=0.9,
                                     nesterov=True),
        "Adam, lr 0.2": keras.optimizers.Adam(learning_rate=0.2)}
runs = {name: path(optimizer) for name, optimizer in runs.items()}

print("after 40 steps:        loss     distance to (0, 0)")
for name, p in runs.items():
    loss, distance = loss_fn(p[-1]), np.linalg.norm(p[-1])
    print(f"{name + ':':22} {loss:<8.3g} {distance:.3g}")
top = [runs[f"{m} 0.9, lr 0.02"][:, 0].max() for m in ("momentum", "Nesterov")]
print("largest x reached, momentum and Nesterov:", *(f"{x:.2f}" for x in top))
adam = runs["Adam, lr 0.2"]
first = adam[1] - adam[0]
print(f"Adam, first step in x and y: {first[0]:+.3f} {first[1]:+.3f}")
print(f"Adam, largest x and lowest y reached: {adam[:, 0].max():.2f} "
      f"{adam[:, 1].min():.2f}")

xs, ys = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-1.4, 1.7, 200))
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.set_aspect("equal")  # same scale on both axes: angles are true
ax.contour(xs, ys, loss_fn([xs, ys]), levels=15, alpha=0.4)
for name in ("SGD, lr 0.02", "momentum 0.9, lr 0.02", "Adam, lr 0.2"):
    ax.plot(runs[name][:, 0], runs[name][:, 1], marker=".", label=name)
ax.plot(0, 0, "k*", markersize=12, label="minimum")
ax.set(title="40 steps on loss = 0.5(x² + 25y²)", xlabel="x", ylabel="y")
ax.legend(loc="upper right", fontsize=8)
fig.tight_layout()
plt.show()

# Expected output:
# after 40 steps:        loss     distance to (0, 0)
# SGD, lr 0.02:          1.59     1.78
# SGD, lr 0.2:           4.11e+49 1.81e+24
# momentum 0.9, lr 0.02: 0.0237   0.2
# Nesterov 0.9, lr 0.02: 0.00537  0.104
# Adam, lr 0.2:          0.116    0.468
# largest x reached, momentum and Nesterov: 1.18 0.92
# Adam, first step in x and y: +0.200 -0.200
# Adam, largest x and lowest y reached: 0.52 -0.50
