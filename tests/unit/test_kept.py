"""Inputs kept for a page's analyses: worked out once a key inside a store's block, every time outside one."""

from __future__ import annotations

from queries.kept import KeptInputs, keeping, kept


def test_outside_a_block_the_work_is_always_done():
    done: list[str] = []
    for _ in range(2):
        assert kept("points", (), lambda: done.append("read") or len(done)) == len(done)
    assert done == ["read", "read"]


def test_inside_a_block_a_key_is_worked_out_once_and_only_the_last_few_of_its_kind_are_kept():
    done: list[str] = []

    def work(name: str):
        done.append(name)
        return f"value of {name}"

    store = KeptInputs({"points": 1, "months": 2})
    with keeping(store):
        assert kept("points", "a", lambda: work("a")) == "value of a"
        assert kept("points", "a", lambda: work("a")) == "value of a"
        kept("months", "m", lambda: work("m"))  # another kind: does not push "a" out
        kept("points", "a", lambda: work("a"))
        kept("points", "b", lambda: work("b"))  # pushes "a" out: one of its kind kept
        kept("points", "a", lambda: work("a"))
        kept("months", "m", lambda: work("m"))  # still there
        kept("other", "x", lambda: work("x"))  # a kind the store does not keep is worked out every time
        kept("other", "x", lambda: work("x"))
    with keeping(store):  # a later block on the same store (the same file) still finds "a"
        kept("points", "a", lambda: work("a"))
    with keeping(KeptInputs({"points": 1})):  # a new store (a new version of the file) starts empty
        kept("points", "a", lambda: work("a"))
    assert done == ["a", "m", "b", "a", "x", "x", "a"]
