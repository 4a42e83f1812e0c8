# ReLU and LeakyReLU written by hand, so you can watch what each one does
# to a list of neuron scores. No libraries: just lists and a comparison.


def relu(values):
    # keep a positive value as it is; turn anything else into 0.0
    return [max(0.0, x) for x in values]


def leaky_relu(values, slope=0.01):
    # like ReLU, but a negative value survives, shrunk by `slope`,
    # so the neuron still passes on a little signal (and gradient)
    return [x if x > 0 else slope * x for x in values]


scores = [3.0, -2.0, 0.5, -10.0]

print("Input     :", scores)
print("ReLU      :", relu(scores))
print("LeakyReLU :", leaky_relu(scores))

# Expected output:
# Input     : [3.0, -2.0, 0.5, -10.0]
# ReLU      : [3.0, 0.0, 0.5, 0.0]
# LeakyReLU : [3.0, -0.02, 0.5, -0.1]
