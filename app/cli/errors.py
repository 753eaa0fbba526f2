class CliError(Exception):
    """An expected failure: printed as one line to stderr, exit code `code`."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
