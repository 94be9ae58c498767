"""A worker warms up matching in a thread; its first task waits for that instead of running beside it."""

from __future__ import annotations

import importlib
import threading

# config/__init__.py exports the app under this name; the module itself is wanted here.
celery_app = importlib.import_module("config.celery_app")


def test_a_task_waits_for_the_warm_up_and_then_runs(monkeypatch):
    from matching import embeddings, skills

    release = threading.Event()
    warming = threading.Event()
    calls: list[str] = []

    def slow_skills(text):
        warming.set()
        release.wait(timeout=60)
        calls.append("skills")
        return []

    monkeypatch.setattr(skills, "extract_skills", slow_skills)
    monkeypatch.setattr(embeddings, "encode", lambda texts, **kwargs: calls.append("encode"))

    celery_app._warm_up_matching()
    assert warming.wait(timeout=30)
    task = threading.Thread(target=lambda: (celery_app._wait_for_warm_up(), calls.append("task")), daemon=True)
    task.start()
    task.join(timeout=0.5)
    assert task.is_alive(), "the task ran while the warm-up was still loading"

    release.set()
    task.join(timeout=30)
    assert not task.is_alive()
    assert calls == ["skills", "encode", "task"]


def test_a_failed_warm_up_does_not_hold_tasks(monkeypatch):
    from matching import skills

    def broken(text):
        raise RuntimeError("taxonomy missing")

    monkeypatch.setattr(skills, "extract_skills", broken)
    celery_app._warm_up_matching()
    assert celery_app._warmed_up.wait(timeout=30)
    celery_app._wait_for_warm_up()  # returns at once
