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
    return np.array(points)


sgd = keras.optimizers.SGD
runs = {"SGD": path(sgd(learning_rate=0.02)),
        "SGD + momentum": path(sgd(learning_rate=0.02, momentum=0.8)),
        "Adam": path(keras.optimizers.Adam(learning_rate=0.2))}

xs, ys = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-2, 2, 200))
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.contour(xs, ys, loss_fn([xs, ys]), levels=15, alpha=0.4)
print("after 40 steps    loss    distance to (0, 0)")
for name, p in runs.items():
    ax.plot(p[:, 0], p[:, 1], marker=".", label=name)
    print(f"{name:15} {loss_fn(p[-1]):.4f}  {np.linalg.norm(p[-1]):.4f}")
adam = runs["Adam"]
first = adam[1] - adam[0]
print(f"Adam, first step in x and y: {first[0]:+.3f} {first[1]:+.3f}")
print(f"Adam, largest x and lowest y reached: {adam[:, 0].max():.2f} "
      f"{adam[:, 1].min():.2f}")
ax.plot(0, 0, "k*", markersize=12, label="minimum")
ax.set(title="40 steps on loss = 0.5(x² + 25y²)", xlabel="x", ylabel="y")
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()

# Expected output:
# after 40 steps    loss    distance to (0, 0)
# SGD             1.5892  1.7828
# SGD + momentum  0.0037  0.0665
# Adam            0.1158  0.4681
# Adam, first step in x and y: +0.200 -0.200
# Adam, largest x and lowest y reached: 0.52 -0.50
