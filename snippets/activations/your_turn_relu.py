# 🎯 YOUR TURN — fill in the blanks marked with ___


def relu(values):
    # 1) Return each value if it is positive, else 0.0
    return [___ for x in values]  # 👉 replace ___ with: max(0.0, x)


def leaky_relu(values, slope=0.01):
    # 2) Let negatives leak through, scaled by `slope`
    return [x if x > 0 else ___  # 👉 replace ___ with: slope * x
            for x in values]


data = [1.0, -4.0, 2.5, -0.5]
print("ReLU      :", relu(data))
print("LeakyReLU :", leaky_relu(data))

# ✅ Expected output:
# ReLU      : [1.0, 0.0, 2.5, 0.0]
# LeakyReLU : [1.0, -0.04, 2.5, -0.005]
