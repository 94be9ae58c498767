"""Playwright fixtures for browser tests (real Debian Chromium, headless)."""
