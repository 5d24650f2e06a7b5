"""The compact form the run store keeps: packed arrays read back bit for bit, digests that see any change."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from realpolitik.store.compact import digest, pack, stored_draws, unpack

arrays = hnp.arrays(st.sampled_from([np.float64, np.int64, np.bool_, np.int32]), hnp.array_shapes(max_dims=4))


@given(arrays)
def test_pack_and_unpack_give_back_the_same_bytes(a):
    back = unpack(pack(a))
    assert back.dtype == a.dtype.newbyteorder("<") and back.shape == a.shape
    assert back.tobytes() == np.ascontiguousarray(a).astype(back.dtype).tobytes()


def test_a_plain_list_with_none_reads_as_floats():
    assert np.array_equal(stored_draws({"draws": [[1.0, None]]}), [[1.0, np.nan]], equal_nan=True)


@given(hnp.arrays(np.float64, hnp.array_shapes(min_side=1, max_dims=3), elements=st.floats(-1e6, 1e6)),
       st.data())
def test_digest_changes_with_any_number(a, data):
    i = data.draw(st.integers(0, a.size - 1))
    b = a.copy()
    b.flat[i] = np.nextafter(b.flat[i], np.inf)
    assert digest(a) == digest(a.copy()) != digest(b)
    assert digest(a) != digest(a.reshape(1, *a.shape))
