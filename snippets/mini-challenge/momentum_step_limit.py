# Part 1 carried on for 100 steps, with plain SGD beside momentum: the
# same settings (learning rate 0.1, momentum 0.9, a gradient of 2.0 on
# every step), and the length of each step momentum takes.
LEARNING_RATE = 0.1
MOMENTUM = 0.9
GRADIENT = 2.0

sgd_w = momentum_w = 10.0
velocity = 0.0
print("            plain SGD    momentum   momentum's")
print("               weight      weight   step length")
for step in range(1, 101):
    sgd_w = sgd_w - LEARNING_RATE * GRADIENT
    velocity = MOMENTUM * velocity - LEARNING_RATE * GRADIENT
    momentum_w = momentum_w + velocity
    if step in (1, 2, 3, 4, 5, 10, 20, 50, 100):
        print(f"step {step:3}   {sgd_w:9.4f}   {momentum_w:9.4f}"
              f"   {-velocity:11.4f}")
plain = LEARNING_RATE * GRADIENT
limit = plain / (1 - MOMENTUM)
print(f"plain SGD's step length: {plain:.4f}")
print(f"limit, lr * gradient / (1 - momentum): {limit:.4f}")
print(f"limit / plain SGD's step: {limit / plain:.1f}")

# Expected output:
#             plain SGD    momentum   momentum's
#                weight      weight   step length
# step   1      9.8000      9.8000        0.2000
# step   2      9.6000      9.4200        0.3800
# step   3      9.4000      8.8780        0.5420
# step   4      9.2000      8.1902        0.6878
# step   5      9.0000      7.3712        0.8190
# step  10      8.0000      1.7238        1.3026
# step  20      6.0000    -14.1884        1.7568
# step  50      0.0000    -72.0928        1.9897
# step 100    -10.0000   -172.0005        1.9999
# plain SGD's step length: 0.2000
# limit, lr * gradient / (1 - momentum): 2.0000
# limit / plain SGD's step: 10.0
