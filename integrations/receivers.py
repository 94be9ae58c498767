"""The audit log listens to the lower apps' signals: they never import integrations."""
