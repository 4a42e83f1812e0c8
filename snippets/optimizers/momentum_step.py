# ONE step of SGD with momentum, in plain Python.
# The velocity remembers the direction of earlier steps, so the optimizer
# keeps rolling through small bumps and smooths out noisy gradients.
#
#   velocity = beta * velocity - lr * gradient
#   weight   = weight + velocity

lr = 0.1        # learning rate: how big a step is
beta = 0.9      # momentum: how much of the previous velocity to keep

weight = 2.0    # the parameter being trained
velocity = 0.0  # the optimizer starts at rest
gradient = 0.5  # slope of the loss with respect to the weight

print("before: weight =", weight, " velocity =", velocity)

velocity = beta * velocity - lr * gradient
weight = weight + velocity

print("after : weight =", round(weight, 4), " velocity =", round(velocity, 4))

# Expected output:
# before: weight = 2.0  velocity = 0.0
# after : weight = 1.95  velocity = -0.05
