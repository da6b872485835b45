"""Entry point of the frozen bundle (PyInstaller): the same as ``python -m workbench``.

``--import-worker`` (first argument) runs the import sandbox's child process instead
(``importers.sandbox`` starts ``sys.executable --import-worker`` when frozen); it imports nothing
of the GUI. ``--pdf-worker``, its former name, is accepted too.
"""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] in (["--import-worker"], ["--pdf-worker"]):
        del sys.argv[1]
        from workbench.importers.sandbox_worker import main as import_worker_main

        sys.exit(import_worker_main())
    from workbench.app import main

    sys.exit(main())
