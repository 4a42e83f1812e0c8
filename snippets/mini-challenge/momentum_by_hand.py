# 🎯 Mini challenge, part 1: momentum against plain SGD, written by you
#
# A weight starts at 10.0, and the loss pushes on it with the same
# gradient, 2.0, at every step. Follow it for 5 steps with two optimizers
# that share the learning rate 0.1:
#   - plain SGD, and
#   - SGD with momentum 0.9, its velocity starting at rest (0.0).
# Keep one weight per optimizer. After each step, pass both weights to
# show(). Check: after step 1 both read 9.8; after step 2 the momentum
# weight reads 9.42, ahead of plain SGD, and the gap keeps widening.
# The update rules are on the optimizers page if you need them.

LEARNING_RATE = 0.1
MOMENTUM = 0.9
START = 10.0
GRADIENT = 2.0  # constant, on every step
STEPS = 5


def show(step, sgd_w, momentum_w):
    print(f"step {step}: plain SGD {sgd_w:.4f}   momentum {momentum_w:.4f}")


# --- solution ---
sgd_w = momentum_w = START
speed = 0.0
for step in range(1, STEPS + 1):
    sgd_w = sgd_w - LEARNING_RATE * GRADIENT
    speed = MOMENTUM * speed - LEARNING_RATE * GRADIENT
    momentum_w = momentum_w + speed
    show(step, sgd_w, momentum_w)
# --- end of solution ---

# Expected output:
# step 1: plain SGD 9.8000   momentum 9.8000
# step 2: plain SGD 9.6000   momentum 9.4200
# step 3: plain SGD 9.4000   momentum 8.8780
# step 4: plain SGD 9.2000   momentum 8.1902
# step 5: plain SGD 9.0000   momentum 7.3712
