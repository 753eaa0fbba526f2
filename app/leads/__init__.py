"""Demo requests ("leads"): validation, abuse checks, storage and the admin workflow."""
