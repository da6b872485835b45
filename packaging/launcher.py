"""Entry point of the frozen bundle (PyInstaller): the same as ``python -m workbench``.

``--pdf-worker`` (first argument) runs the PDF parser's child process instead (``importers.pdf``
starts ``sys.executable --pdf-worker REQUEST`` when frozen); it imports nothing of the GUI.
"""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--pdf-worker"]:
        del sys.argv[1]
        from workbench.importers.pdf_worker import main as pdf_worker_main

        sys.exit(pdf_worker_main())
    from workbench.app import main

    sys.exit(main())
