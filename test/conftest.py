import pytest

from hyguide_ros.guide import CampusGuide


@pytest.fixture(scope="session")
def guide() -> CampusGuide:
    return CampusGuide()
