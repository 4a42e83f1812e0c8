# SGD, SGD + momentum and Adam on a long, narrow valley:
#   loss(x, y) = 0.5 * (x**2 + 25 * y**2)
# The y direction is 25 times steeper than x, so plain SGD must keep its
# step small and crawls along x; momentum builds up speed along the valley.
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
    return np.array(points)


runs = {
    "SGD": path(keras.optimizers.SGD(learning_rate=0.02)),
    "SGD + momentum 0.8": path(
        keras.optimizers.SGD(learning_rate=0.02, momentum=0.8)),
    "Adam": path(keras.optimizers.Adam(learning_rate=0.2)),
}

xs, ys = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-2, 2, 200))
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.contour(xs, ys, 0.5 * (xs**2 + 25 * ys**2), levels=15, alpha=0.4)
for name, points in runs.items():
    ax.plot(points[:, 0], points[:, 1], marker=".", label=name)
    print(f"{name:19} loss after 40 steps: {loss_fn(points[-1]):.4f}")
ax.plot(0, 0, "k*", markersize=12, label="minimum")
ax.set(title="40 steps on loss = 0.5(x² + 25y²)", xlabel="x", ylabel="y")
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()

# Expected output:
# SGD                 loss after 40 steps: 1.5892
# SGD + momentum 0.8  loss after 40 steps: 0.0037
# Adam                loss after 40 steps: 0.1158
