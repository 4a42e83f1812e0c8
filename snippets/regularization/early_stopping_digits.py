# Early stopping on real data: scikit-learn's 8x8 handwritten digits.
# Only 300 training images, a wide layer and a high learning rate: this
# model memorizes fast, so validation loss soon stops improving.
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)  # 1797 images, bundled: no download
x_train, x_val, y_train, y_val = train_test_split(
    x / 16.0, y, train_size=300, test_size=500, random_state=0)

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(64,)),
    layers.Dense(512, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-2),
              loss="sparse_categorical_crossentropy")
stopper = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=3, restore_best_weights=True)
history = model.fit(x_train, y_train, validation_data=(x_val, y_val),
                    epochs=100, callbacks=[stopper], verbose=0)

# Keras counts epochs from 0 internally; we print them counted from 1.
val_loss = history.history["val_loss"]
stopped, best = stopper.stopped_epoch + 1, stopper.best_epoch + 1
print(f"stopped after epoch {stopped} of at most 100")
print(f"best epoch {best}, best val_loss {stopper.best:.4f}")
print(f"val_loss from epoch {best} to {stopped}:",
      " ".join(f"{loss:.4f}" for loss in val_loss[best - 1:]))

# The weights now in the model are the best epoch's, not the last one's:
score = model.evaluate(x_val, y_val, verbose=0)
print(f"val_loss of the restored model: {score:.4f}")

# Expected output:
# stopped after epoch 10 of at most 100
# best epoch 7, best val_loss 0.1751
# val_loss from epoch 7 to 10: 0.1751 0.1769 0.1865 0.1836
# val_loss of the restored model: 0.1751
