# 🎯 YOUR TURN — fill in the blanks marked with ___
# Do ONE SGD-with-momentum update step.

lr = 0.2
beta = 0.9
weight = 5.0
velocity = 0.0
gradient = 1.0

# 1) Update the velocity: beta * velocity - lr * gradient
velocity = ___  # 👉 replace ___ with: beta * velocity - lr * gradient

# 2) Apply the velocity to the weight
weight = ___  # 👉 replace ___ with: weight + velocity

print("velocity:", round(velocity, 4))
print("weight  :", round(weight, 4))

# ✅ Expected output:
# velocity: -0.2
# weight  : 4.8
