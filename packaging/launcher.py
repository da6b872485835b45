"""Entry point of the frozen bundle (PyInstaller): the same as ``python -m workbench``.

``--import-worker`` (first argument) runs the import sandbox's child process instead
(``importers.sandbox`` starts ``sys.executable --import-worker`` when frozen); it imports nothing
of the GUI. ``--pdf-worker``, its former name, is accepted too. ``--export-pdf-worker`` runs the child that
makes a PDF report off the app's process (``render_pdf.render_pdf_in_child``: a pickled report in, the PDF out).
"""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] in (["--import-worker"], ["--pdf-worker"]):
        del sys.argv[1]
        from workbench.importers.sandbox_worker import main as import_worker_main

        sys.exit(import_worker_main())
    if sys.argv[1:2] == ["--export-pdf-worker"]:
        del sys.argv[1]
        from workbench.render_pdf import child_main

        sys.exit(child_main())
    from workbench.app import main

    sys.exit(main())
