"""What the Agent Chat API is, per version: models, limits, rules, the catalog and the field tree."""
