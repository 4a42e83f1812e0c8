# 150 digits to train on, 45 of them with a wrong label: a wide layer
# trained for 300 steps learns even those. One train_on_batch call is
# one step on all 150 (fit(batch_size=150, epochs=300), only faster).
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers, regularizers

x, y = load_digits(return_X_y=True)
x_train, x_val, y_train, y_val = train_test_split(
    x / 16.0, y, train_size=150, test_size=500, random_state=0)
rng = np.random.default_rng(0)
wrong = rng.choice(150, size=45, replace=False)  # 30% of the labels
y_train[wrong] = (y_train[wrong] + rng.integers(1, 10, size=45)) % 10


def loss_acc(model, xs, ys):  # training=False: dropout is off
    probs = model(xs, training=False).numpy()
    loss = -np.mean(np.log(probs[np.arange(len(ys)), ys]))
    return loss, np.mean(probs.argmax(axis=1) == ys)


# Losses to 1 decimal and the rest as comparisons: float rounding that
# differs between CPUs moves them a little in 300 steps.
print("             gap val-train loss  train acc  lowest val loss at step")
fig, ax = plt.subplots(figsize=(7, 3.2))
runs = {}
for name, rate, l2 in [("none", 0, None), ("dropout 0.5", 0.5, None),
                       ("L2 1e-2", 0, regularizers.l2(1e-2))]:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        layers.Dense(512, activation="relu", kernel_regularizer=l2),
        # Dropout's own seed: without one it draws from the global random
        # state, and the layer after it would start from other weights.
        layers.Dropout(rate, seed=1),  # rate 0 drops nothing
        layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3),
                  loss="sparse_categorical_crossentropy")
    curve = []
    for step in range(1, 301):
        model.train_on_batch(x_train, y_train)
        if step % 10 == 0:
            curve.append(loss_acc(model, x_val, y_val)[0])
    t_loss, t_acc = loss_acc(model, x_train, y_train)
    v_loss, v_acc = loss_acc(model, x_val, y_val)
    runs[name] = t_loss, v_loss, min(curve), v_acc
    print(f"{name + ':':13}{v_loss - t_loss:19.1f}{t_acc:11.0%}"
          f"{10 + 10 * np.argmin(curve):25}")
    ax.plot(range(10, 301, 10), curve, label=name)
none = runs.pop("none")
print(f"none, train loss, val loss, lowest val loss: {none[0]:.2f} "
      f"{none[1]:.1f} {none[2]:.2f}")
print("dropout and L2, train loss over 3 x none's:",
      all(r[0] > 3 * none[0] for r in runs.values()))
print("dropout and L2, val loss below 1.2:",
      all(r[1] < 1.2 for r in runs.values()))
print("lowest val loss, dropout's within 0.02 of none's:",
      abs(runs["dropout 0.5"][2] - none[2]) < 0.02)
print("lowest val loss, L2's 0.05+ above none's:",
      runs["L2 1e-2"][2] > none[2] + 0.05)
print(f"val acc with none: {none[3]:.0%}")
for name, r in runs.items():
    print(f"val acc 2+ points higher with {name}:", r[3] > none[3] + 0.02)
ax.set(xlabel="training step", ylabel="validation loss", ylim=(0, 2),
       title="Digits, 30% of the 150 training labels wrong")
ax.legend(title="regularization")
fig.tight_layout()
plt.show()

# Expected output:
#              gap val-train loss  train acc  lowest val loss at step
# none:                        1.7       100%                       30
# dropout 0.5:                 1.1        99%                       50
# L2 1e-2:                     0.9        99%                       30
# none, train loss, val loss, lowest val loss: 0.01 1.7 0.85
# dropout and L2, train loss over 3 x none's: True
# dropout and L2, val loss below 1.2: True
# lowest val loss, dropout's within 0.02 of none's: True
# lowest val loss, L2's 0.05+ above none's: True
# val acc with none: 58%
# val acc 2+ points higher with dropout 0.5: True
# val acc 2+ points higher with L2 1e-2: True
