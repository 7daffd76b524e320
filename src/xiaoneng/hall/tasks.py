def register_schedule() -> None:
    pass
