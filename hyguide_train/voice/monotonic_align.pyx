# cython: boundscheck=False, wraparound=False, cdivision=True, language_level=3
"""Monotonic alignment search (VITS, Kim et al. 2021, §2.2.1), which piper's training code imports as
`piper.train.vits.monotonic_align.core`. piper's wheel and sdist ship the import but not this
extension (its repository builds it with build_monotonic_align.sh), so `make setup` compiles this
file into that place.

For each utterance: the most likely monotonic, surjective path through a (frames x tokens) matrix
of log-likelihoods, found by dynamic programming, written as 1s into `paths`.
"""

cdef float _UNREACHABLE = -1e9


cdef void _best_path(int[:, ::1] path, float[:, ::1] score, int frames, int tokens) noexcept nogil:
    cdef int y, x, token
    cdef float stay, advance
    # forward: score[y, x] = best total of a path that reaches token x at frame y
    for y in range(frames):
        for x in range(max(0, tokens + y - frames), min(tokens, y + 1)):
            stay = _UNREACHABLE if x == y else score[y - 1, x]
            if x == 0:
                advance = 0.0 if y == 0 else _UNREACHABLE
            else:
                advance = score[y - 1, x - 1]
            score[y, x] += stay if stay > advance else advance
    # backward: from the last token at the last frame, step to the better predecessor
    token = tokens - 1
    for y in range(frames - 1, -1, -1):
        path[y, token] = 1
        if token != 0 and (token == y or score[y - 1, token] < score[y - 1, token - 1]):
            token -= 1


def maximum_path_c(int[:, :, ::1] paths, float[:, :, ::1] scores, int[::1] frames, int[::1] tokens) -> None:
    """Fill `paths` [batch, frames, tokens] (zeros, int32) with each utterance's best alignment;
    `scores` (float32, same shape) is overwritten."""
    cdef Py_ssize_t i
    with nogil:
        for i in range(paths.shape[0]):
            _best_path(paths[i], scores[i], frames[i], tokens[i])
