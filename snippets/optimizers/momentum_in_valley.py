# SGD with momentum 0.9 (Keras's rule) in the valley
# loss = 0.5 * (x**2 + 25 * y**2). Each direction moves on its own, with
# gradient h * x: curvature h = 1 along the floor (x), h = 25 across (y).


def momentum(h, lr, x, beta=0.9, steps=40):
    """Positions x after each step on the loss 0.5 * h * x**2."""
    v, xs = 0.0, [x]
    for _ in range(steps):
        v = beta * v - lr * h * x
        x += v
        xs.append(x)
    return xs


# Along the floor, lr 0.02, from x = -4: why it overshoots
xs = momentum(1, 0.02, -4.0)
k = next(i for i, x in enumerate(xs) if x > 0)  # the step that passes 0
print(f"move in x when passing x = 0: {xs[k] - xs[k - 1]:.3f}")
print(f"plain SGD's move from there: {0.02 * -xs[k - 1]:.3f}")
moves = [b - a for a, b in zip(xs, xs[1:])]
j = moves.index(max(moves))  # the largest move, at step j + 1
print(f"largest move in x, at step: {moves[j]:.3f} {j + 1}")
print(f"that move / plain SGD's there: {moves[j] / (0.02 * -xs[j]):.1f}")
sgd = momentum(1, 0.2, -4.0, beta=0.0)  # plain SGD at 0.02 / (1 - 0.9)
print(f"x after 10 steps, momentum then SGD at 0.2: {xs[10]:.2f} "
      f"{sgd[10]:.2f}")
print(f"SGD at 0.2, first move and largest x: {sgd[1] - sgd[0]:.2f} "
      f"{max(sgd):.4f}")
top = max(range(len(xs)), key=lambda i: xs[i])
print(f"largest x, at step: {xs[top]:.2f} {top}")
print(f"largest x / start distance 4: {xs[top] / 4:.2f}")
print(f"sqrt(0.9) ** step: {0.9 ** (top / 2):.2f}")

# Across the valley, from y = 1.5: which learning rates stay stable?
print("across, |y| after 40 steps, plain SGD then momentum 0.9:")
for lr in (0.07, 0.09, 0.15, 0.16):
    plain = abs(momentum(25, lr, 1.5, beta=0.0)[-1])
    heavy = abs(momentum(25, lr, 1.5)[-1])
    print(f"  lr {lr}: {plain:8.2g} {heavy:8.2g}")

# Expected output:
# move in x when passing x = 0: 0.283
# plain SGD's move from there: 0.005
# largest move in x, at step: 0.365 9
# that move / plain SGD's there: 9.3
# x after 10 steps, momentum then SGD at 0.2: -1.23 -0.43
# SGD at 0.2, first move and largest x: 0.80 -0.0005
# largest x, at step: 1.18 23
# largest x / start distance 4: 0.30
# sqrt(0.9) ** step: 0.30
# across, |y| after 40 steps, plain SGD then momentum 0.9:
#   lr 0.07:  1.5e-05     0.19
#   lr 0.09:  1.1e+04     0.11
#   lr 0.15:  5.6e+17     0.55
#   lr 0.16:  1.8e+19  4.4e+07
