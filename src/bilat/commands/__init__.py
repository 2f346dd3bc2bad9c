"""The bilat command's commands beyond extraction, one module per group; each exposes
``register(app)``."""
