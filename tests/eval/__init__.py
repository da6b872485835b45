"""Scored evaluation of the importers on corpora with ground truth (``make eval``; a fast subset runs in
``make test`` through ``tests/eval/test_eval_fast.py``)."""
