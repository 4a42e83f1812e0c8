# Training and validation loss per epoch on the digits, without and with
# dropout + L2, each trained with the same EarlyStopping callback.
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers, regularizers

x, y = load_digits(return_X_y=True)
x_train, x_val, y_train, y_val = train_test_split(
    x / 16.0, y, train_size=300, test_size=500, random_state=0)


def train(regularize):
    keras.utils.set_random_seed(0)
    l2 = regularizers.l2(1e-4) if regularize else None
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        layers.Dense(512, activation="relu", kernel_regularizer=l2),
        layers.Dropout(0.3 if regularize else 0.0),  # 0.0 drops nothing
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
                  loss="sparse_categorical_crossentropy")
    stop = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=3, restore_best_weights=True)
    hist = model.fit(x_train, y_train, validation_data=(x_val, y_val),
                     epochs=100, callbacks=[stop], verbose=0).history
    return hist["loss"], hist["val_loss"], stop.best_epoch + 1


fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), sharex=True, sharey=True)
for ax, regularize in zip(axes, (False, True)):
    name = "dropout 0.3 + L2 1e-4" if regularize else "no dropout, no L2"
    loss, val_loss, best = train(regularize)
    epochs = range(1, len(loss) + 1)
    ax.plot(epochs, loss, label="training loss")
    ax.plot(epochs, val_loss, label="validation loss")
    ax.axvline(len(loss), color="gray", linestyle=":",
               label=f"stopped (epoch {len(loss)})")
    ax.plot(best, val_loss[best - 1], "k*", markersize=11,
            label=f"restored best (epoch {best})")
    ax.set(title=name, xlabel="epoch", ylim=(0, 0.6))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize="small")
    print(f"{name}: stopped after epoch {len(loss)}, best epoch {best}")
    print(f"  val_loss best {val_loss[best - 1]:.4f}, "
          f"last {val_loss[-1]:.4f}; training loss last {loss[-1]:.4f}")
axes[0].set(ylabel="loss (cross-entropy)", xticks=range(2, 17, 2))
fig.tight_layout()
plt.show()

# Expected output:
# no dropout, no L2: stopped after epoch 10, best epoch 7
#   val_loss best 0.1751, last 0.1836; training loss last 0.0234
# dropout 0.3 + L2 1e-4: stopped after epoch 16, best epoch 13
#   val_loss best 0.1732, last 0.1823; training loss last 0.0546
