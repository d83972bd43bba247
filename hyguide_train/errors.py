"""The model toolchain's error: a run that cannot go on, with a message that says what to change."""


class TrainError(RuntimeError):
    pass
