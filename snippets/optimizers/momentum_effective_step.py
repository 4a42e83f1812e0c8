# SGD with momentum under a gradient that never changes: does the move
# keep growing? Same settings as the worked example above.
lr, beta, g = 0.1, 0.9, 0.5

v = 0.0
for step in range(1, 51):
    v = beta * v - lr * g  # the velocity is the move
    if step in (1, 2, 3, 5, 10, 20, 30, 50):
        print(f"move at step {step}: {-v:.4f}")

plain = lr * g  # plain SGD moves this much on every step
limit = lr * g / (1 - beta)
print("plain SGD's move:", round(plain, 4))
print("limit lr * g / (1 - beta):", round(limit, 4))
print("limit / plain move:", round(limit / plain, 4))

# Expected output:
# move at step 1: 0.0500
# move at step 2: 0.0950
# move at step 3: 0.1355
# move at step 5: 0.2048
# move at step 10: 0.3257
# move at step 20: 0.4392
# move at step 30: 0.4788
# move at step 50: 0.4974
# plain SGD's move: 0.05
# limit lr * g / (1 - beta): 0.5
# limit / plain move: 10.0
