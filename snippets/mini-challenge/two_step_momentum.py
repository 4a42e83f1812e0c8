# 🎯 MINI-CHALLENGE: a two-step momentum optimizer
# 1. Start with lr = 0.1, beta = 0.9, weight = 10.0, velocity = 0.0
# 2. Pretend the gradient is 2.0 on BOTH steps
# 3. Run the update TWICE, in a loop:
#       velocity = beta * velocity - lr * gradient
#       weight   = weight + velocity
# 4. After each step, print the weight rounded to 4 decimals

# --- solution ---
lr, beta = 0.1, 0.9
weight, velocity = 10.0, 0.0
gradient = 2.0

for step in range(1, 3):
    velocity = beta * velocity - lr * gradient
    weight = weight + velocity
    print(f"step {step} weight:", round(weight, 4))
# --- end of solution ---

# ✅ Expected output:
# step 1 weight: 9.8
# step 2 weight: 9.42
