"""The gazetteer file holds what loading it used to work out (so a start reads arrays instead of running
Python over 600,000 names), and what it holds is what the names say today."""

from __future__ import annotations

import numpy as np
import pytest

from geo.errors import UnknownPlaceError
from geo.gazetteer import GAZETTEER_FILE, Gazetteer, derived, unpack_strings
from geo.geoparse import geoparse
from geo.places import locate


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def test_the_derived_arrays_in_the_file_match_the_names():
    with np.load(GAZETTEER_FILE) as data:
        stored = {name: data[name] for name in data.files}
    fresh = derived(unpack_strings(stored["key_name"]))
    for name, array in fresh.items():  # stale after a change to the rules: `python -m geo.build_gazetteer --derived`
        assert np.array_equal(stored[name], array), name
    assert fresh["key_most_words"].any() and len(fresh["key_uncased"]) > 1000


def test_names_are_sorted_and_found_by_binary_search(gaz):
    assert gaz.keys == sorted(gaz.keys)
    for name in ("ulaanbaatar", "mongolia", "монголия", "منغوليا", gaz.keys[0], gaz.keys[-1]):
        key = gaz.key_of(name)
        assert key >= 0 and gaz.keys[key] == name
    assert gaz.key_of("no such place anywhere") == -1 and gaz.key_of("") == -1
    assert [e.country for e in gaz.lookup("Ulaanbaatar")][:1] == ["MN"]


def test_the_automaton_is_built_only_for_a_text_that_needs_it():
    gaz = Gazetteer()
    assert [p.country for p in geoparse("Putin will visit Ulaanbaatar, Mongolia.", gaz=gaz)] == ["MN", "MN"]
    assert "automaton" not in vars(gaz)  # English text: no name in a script without capitals to look for
    assert "MN" in {p.country for p in geoparse("بوتين يزور منغوليا", "ar", gaz=gaz)}
    assert "automaton" in vars(gaz)


def test_a_route_end_is_a_position_or_a_known_name():
    assert locate(" 47.92, 106.92 ") == ("47.92, 106.92", 47.92, 106.92)
    assert locate("-33.9,18.4")[1:] == (-33.9, 18.4)
    with pytest.raises(UnknownPlaceError, match="latitude must be within"):
        locate("95,10")
    with pytest.raises(UnknownPlaceError, match="no place of that name"):
        locate("Atlantis-under-the-sea")
