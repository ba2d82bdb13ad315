from wandelnetz.topics.models import Region, Topic
from wandelnetz.topics.services import create_region, create_topic


def topic(name: str, parent: Topic | None = None, **kwargs: object) -> Topic:
    return create_topic(name=name, parent=parent, **kwargs)  # type: ignore[arg-type]


def region(name: str, parent: Region | None = None, kind: str = Region.Kind.DISTRICT, **kwargs: object) -> Region:
    return create_region(name=name, kind=kind, parent=parent, **kwargs)  # type: ignore[arg-type]
