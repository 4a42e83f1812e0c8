# A log-scale sweep: the same network as lr_range_test.py, trained for 3
# epochs at each rate, from 1e-4 to 1 in steps of 10. Each run is scored on
# 397 images it never trained on.
from sklearn.datasets import load_digits
from tensorflow import keras
from tensorflow.keras import layers

x, y = load_digits(return_X_y=True)
x = x / 16.0
x_train, y_train, x_val, y_val = x[:1400], y[:1400], x[1400:], y[1400:]

print("learning rate   training loss   validation loss   validation accuracy")
for rate in (1e-4, 1e-3, 1e-2, 1e-1, 1.0):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,)),
                              layers.Dense(64, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(rate),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=3, batch_size=32,
                        verbose=0)
    loss, accuracy = model.evaluate(x_val, y_val, verbose=0)
    # One decimal: at the larger rates the runs differ a little between
    # CPUs in the second decimal.
    print(f"{rate:13.0e}   {history.history['loss'][-1]:13.1f}"
          f"   {loss:15.1f}   {accuracy:19.1f}")

# Expected output:
# learning rate   training loss   validation loss   validation accuracy
#         1e-04             2.2               2.2                   0.2
#         1e-03             1.0               1.0                   0.8
#         1e-02             0.1               0.4                   0.9
#         1e-01             0.2               0.6                   0.8
#         1e+00             2.1               2.1                   0.2
