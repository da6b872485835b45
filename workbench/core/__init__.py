"""The Qt-free core: the open project (``Workspace``), its worker thread and its operation log.

Both the window (through the thin Qt adapter ``ui/session.py``) and the command line drive a ``Workspace``.
"""
