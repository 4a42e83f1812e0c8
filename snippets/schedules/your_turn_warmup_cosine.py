# Your turn: the warm-up + cosine schedule of warmup_cosine.py, by hand.
# rate(t) gives the learning rate at step t: a straight climb from START
# to PEAK over the first RAMP steps, then half a cosine wave from PEAK
# down to 0 over the next DECAY steps, and 0 after that.
import math

START, PEAK = 1e-5, 1e-3  # rate at step 0, rate at the top of the climb
RAMP, DECAY = 500, 9500   # steps of the climb, steps of the cosine


def rate(t):
    if t < RAMP:
        f = t / RAMP  # share of the climb done: 0 at the start, 1 at RAMP
        return ___  # -> f of the way up [hint: START + (PEAK - START) * f]
    f = min(t - RAMP, DECAY) / DECAY  # share of the decay done
    wave = ___  # -> 1 at f = 0, -1 at f = 1 [hint: math.cos(math.pi * f)]
    return 0.5 * PEAK * (1 + wave)


for step in (0, 250, 500, 5250, 10000):
    print(f"step {step:5}: {rate(step):.3e}")

# Expected output:
# step     0: 1.000e-05
# step   250: 5.050e-04
# step   500: 1.000e-03
# step  5250: 5.000e-04
# step 10000: 0.000e+00
