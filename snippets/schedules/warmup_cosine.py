# Warm-up, then cosine: start tiny, climb in a straight line to the target
# rate over the first 500 steps, then curve down to 0 over the next 9,500.
from tensorflow import keras

schedules = keras.optimizers.schedules
ramp_then_cosine = schedules.CosineDecay(
    initial_learning_rate=1e-5,  # tiny rate for the untrained network
    warmup_target=1e-3,          # the rate reached at the end of warm-up
    warmup_steps=500,            # length of the linear ramp
    decay_steps=9500,            # cosine part, counted after the warm-up
)
adam = keras.optimizers.Adam(learning_rate=ramp_then_cosine)

stages = {0: "start", 250: "mid warm-up", 500: "end of warm-up",
          5250: "mid decay", 10000: "end"}
for step, stage in stages.items():
    rate = float(ramp_then_cosine(step))
    print(f"step {step:5}: {rate:.3e}   {stage}")
print(f"Adam's rate before its first step: {float(adam.learning_rate):.3e}")

# Expected output:
# step     0: 1.000e-05   start
# step   250: 5.050e-04   mid warm-up
# step   500: 1.000e-03   end of warm-up
# step  5250: 5.000e-04   mid decay
# step 10000: 0.000e+00   end
# Adam's rate before its first step: 1.000e-05
