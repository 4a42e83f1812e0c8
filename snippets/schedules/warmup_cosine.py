# Warm-up, then cosine: start tiny, climb in a straight line to the target
# rate over the first 500 steps, then curve down to 0 over the next 9,500.
import math

from tensorflow import keras

lr_schedule = keras.optimizers.schedules.CosineDecay(
    initial_learning_rate=1e-5,  # tiny rate for the untrained network
    warmup_target=1e-3,          # the rate reached at the end of warm-up
    warmup_steps=500,            # length of the linear ramp
    decay_steps=9500,            # cosine part, counted after the warm-up
)
opt = keras.optimizers.Adam(learning_rate=lr_schedule)


def by_hand(step):
    if step < 500:  # linear warm-up from 1e-5 to 1e-3
        return 1e-5 + (1e-3 - 1e-5) * step / 500
    done = (step - 500) / 9500  # then cosine decay from 1e-3
    return 0.5 * 1e-3 * (1 + math.cos(math.pi * done))


stages = {0: "start", 250: "mid warm-up", 500: "end of warm-up",
          5250: "mid decay", 10000: "end"}
print(" step  stage           schedule   by hand")
for step, stage in stages.items():
    print(f"{step:5}  {stage:14}  {float(lr_schedule(step)):.3e}  "
          f"{by_hand(step):.3e}")
print(f"Adam starts at lr {float(opt.learning_rate):.3e}")

# Expected output:
#  step  stage           schedule   by hand
#     0  start           1.000e-05  1.000e-05
#   250  mid warm-up     5.050e-04  5.050e-04
#   500  end of warm-up  1.000e-03  1.000e-03
#  5250  mid decay       5.000e-04  5.000e-04
# 10000  end             0.000e+00  0.000e+00
# Adam starts at lr 1.000e-05
