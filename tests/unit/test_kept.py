"""Inputs kept for a page's analyses: worked out once a key inside a store's block, every time outside one."""

from __future__ import annotations

from queries.kept import KeptValues, keeping, kept


def test_outside_a_block_the_work_is_always_done():
    done: list[str] = []
    for _ in range(2):
        assert kept("points", lambda: done.append("read") or len(done)) == len(done)
    assert done == ["read", "read"]


def test_inside_a_block_a_key_is_worked_out_once_and_only_the_last_few_are_kept():
    done: list[str] = []

    def work(name: str):
        done.append(name)
        return f"value of {name}"

    store = KeptValues(entries=1)
    with keeping(store):
        assert kept("a", lambda: work("a")) == "value of a"
        assert kept("a", lambda: work("a")) == "value of a"
        kept("b", lambda: work("b"))  # pushes "a" out: one entry kept
        kept("a", lambda: work("a"))
    with keeping(store):  # a later block on the same store (the same file) still finds "a"
        kept("a", lambda: work("a"))
    with keeping(KeptValues(entries=1)):  # a new store (a new version of the file) starts empty
        kept("a", lambda: work("a"))
    assert done == ["a", "b", "a", "a"]
