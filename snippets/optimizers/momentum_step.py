# A single update of SGD with momentum, worked out by hand.
# v is a running velocity: it keeps most of the previous move, so moves
# that agree add up and moves that disagree partly cancel.
#
#   v <- beta * v - lr * g      (new velocity)
#   w <- w + v                  (move the weight by it)

lr = 0.1    # learning rate: the size of a step
beta = 0.9  # momentum: the share of the old velocity that is kept

w = 2.0     # the weight we are training
v = 0.0     # no velocity yet: nothing has moved so far
g = 0.5     # gradient of the loss at w (dloss/dw)

print("before: weight =", w, " velocity =", v)

v = beta * v - lr * g  # keep 90 % of the old velocity, add the new push
w = w + v

print("after : weight =", round(w, 4), " velocity =", round(v, 4))

# Expected output:
# before: weight = 2.0  velocity = 0.0
# after : weight = 1.95  velocity = -0.05
