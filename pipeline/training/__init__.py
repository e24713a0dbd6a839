"""Training utilities for trialsift's statistical models."""
