"""The door reads a body's nesting depth from its text (``jsondoor.text_depth``): it must be the
depth of the parsed document, or None (ask the walk) when a string holds a bracket; and the door
must refuse one level beyond ``MAX_DEPTH`` either way."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.server import jsondoor


def depth(document) -> int:
    if isinstance(document, dict):
        return 1 + max((depth(v) for v in document.values()), default=0)
    if isinstance(document, list):
        return 1 + max((depth(v) for v in document), default=0)
    return 0


def strings(document) -> list[str]:
    if isinstance(document, dict):
        return [*document, *(t for v in document.values() for t in strings(v))]
    if isinstance(document, list):
        return [t for v in document for t in strings(v)]
    return [document] if isinstance(document, str) else []


tricky_text = st.text(alphabet=st.sampled_from(list('ab[]{}"\\:,é中\u0000 ')), max_size=6)
documents = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | tricky_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(tricky_text, children, max_size=3),
    max_leaves=40,
)


@settings(max_examples=400)
@given(documents)
def test_the_depth_read_from_the_text_is_the_documents(document):
    for body in (orjson.dumps(document), json.dumps(document).encode(),
                 json.dumps(document, ensure_ascii=False, indent=1).encode()):
        found = jsondoor.text_depth(body)
        if any(bracket in text for text in strings(document) for bracket in "[]{}"):
            assert found is None or found == depth(document), body
        else:  # no string holds a bracket: the text alone answers
            assert found == depth(document), body


@pytest.mark.parametrize("inside", ["x", "a[b", 'q\\"{', "\\\\"])
def test_the_door_refuses_one_level_too_deep_with_or_without_brackets_in_strings(inside):
    def nested(levels: int) -> bytes:
        return ('{"a":' * (levels - 1) + json.dumps([inside]) + "}" * (levels - 1)).encode()

    assert jsondoor.parse(nested(jsondoor.MAX_DEPTH))
    with pytest.raises(jsondoor.JSONError, match="nested deeper"):
        jsondoor.parse(nested(jsondoor.MAX_DEPTH + 1))
