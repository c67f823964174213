"Every bad or unusual input of issue 17 (tests/bad_input_cases.py) is a posebook error that says what it should, or is accepted for its stated reason with a right result."
import pytest

from bad_input_cases import CASES, outcome


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}: {c.name}" for c in CASES])
def test_case(case, tmp_path):
    kind, detail = outcome(case, tmp_path)
    assert kind == ("accepted" if case.accepted else "error"), detail


def test_names_are_unique():
    names = [(c.group, c.name) for c in CASES]
    assert len(set(names)) == len(names)
