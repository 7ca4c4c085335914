from sqlalchemy import create_engine
from sqlalchemy.orm import Session

engine = create_engine("postgresql://bookstore@db/bookstore")
session = Session(engine)
