"""The order aggregate."""
from dataclasses import dataclass, field

from ..adapters.db import session


@dataclass
class Order:
    id: str
    customer_id: str
    lines: list = field(default_factory=list)

    def save(self):
        # The aggregate persists itself through the database session.
        session.add(self)
        session.commit()
