"""teaching layer."""
