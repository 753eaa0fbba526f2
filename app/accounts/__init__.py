"""User accounts: roles, password hashing, authentication."""
