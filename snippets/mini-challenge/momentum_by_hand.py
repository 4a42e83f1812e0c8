# Mini challenge, part 1: two steps of momentum, written by you
#
# Settings: learning rate 0.1, momentum 0.9, the weight at 10.0 and its
# velocity at rest (0.0). Suppose the loss pushes on the weight with the
# same gradient, 2.0, at each of the two steps. Write a loop that takes
# two momentum steps and, after each one, hands the step number and the
# new weight to show(). Check: 9.8 after step 1, then 9.42 after step 2.
# The update rule is on the optimizers page if you need it.

LEARNING_RATE = 0.1
MOMENTUM = 0.9
GRADIENT = 2.0  # the same on both steps


def show(step, weight):
    print(f"weight after step {step}: {round(weight, 4)}")


weight = 10.0
velocity = 0.0
# --- solution ---
for step in (1, 2):
    velocity = MOMENTUM * velocity - LEARNING_RATE * GRADIENT
    weight = weight + velocity
    show(step, weight)
# --- end of solution ---

# Expected output:
# weight after step 1: 9.8
# weight after step 2: 9.42
