"""perf/codec.py's plain data (the site caches' values): read back exactly, tags included; what is not
such data is a CodecError (a cache miss), never another exception."""
from __future__ import annotations

import datetime

import pytest

from converter.perf import codec


@pytest.mark.parametrize("value", [
    None, "文本", 3, 2.5, True, [], {}, [1, [2, [3]]],
    (1, "a", None), ((1, 2), (3,)), [(1,), [(2, (3,))]],
    {1, 2}, frozenset({"a", "b"}), {"k": {"x", "y"}},
    datetime.date(2024, 7, 30), datetime.datetime(2024, 1, 2, 3, 4, 5),
    {(1, 2): "tuple key", 3: [4]},                       # keys not all strings: the "$m" form
    {"$t": [1]}, {"$d": "not a date"}, {"$m": 1},        # a plain dict that looks like a tag
    {"postings": {"词": ((1, 2, 3), [0.5, "x"])}, "when": {"$t": (datetime.date(2030, 1, 1),)}},
])
def test_plain_data_round_trips(value):
    back = codec.load_data(codec.dump_data(value))
    assert back == value and type(back) is type(value)


def test_tuples_inside_lists_inside_tuples_keep_their_types():
    back = codec.load_data(codec.dump_data(([(1, [2])],)))
    assert type(back) is tuple and type(back[0]) is list and type(back[0][0]) is tuple and type(back[0][0][1]) is list


@pytest.mark.parametrize("data", [b'{"$t": 5}', b'{"$d": 3}', b'{"$dt": "x"}', b'{"$m": [[[1], 2]]}',
                                  b'{"$s": [[1]]}', b'{"$m": [1]}', b"not json", b"\xff"])
def test_what_is_not_plain_data_is_a_codec_error(data):
    with pytest.raises(codec.CodecError):
        codec.load_data(data)
