"""Models arrive with their capabilities."""
