"""fwtui's one-file bundle: ``python3 fwtui.pyz [ARGS]`` (built by tools/make_bundle.py, as its __main__.py).

zipimport cannot keep bytecode, so it compiles every module's source at each
start: the explorer opened four times slower than installed. The bundle carries,
for each Python it was built with, the bytecode of the modules that start-up
imports (``__bytecode__/<cache tag>.marshal``); they are imported from it, and
every other module, or every module on another Python, from its source as usual.
"""

import sys
import zipimport

BYTECODE = "__bytecode__"


def use_bytecode(archive: str) -> None:
    """Import this bundle's modules from the bytecode compiled for this Python, where the bundle has it."""
    import _imp
    import marshal
    from importlib.util import MAGIC_NUMBER

    try:
        data = zipimport.zipimporter(archive).get_data(f"{BYTECODE}/{sys.implementation.cache_tag}.marshal")
        magic, compiled = marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError, zipimport.ZipImportError):
        return  # none for this Python: every module from its source
    if magic != MAGIC_NUMBER:
        return

    class BundleImporter(zipimport.zipimporter):
        """zipimport, with the code of each precompiled module taken from the bundle's bytecode."""

        def get_filename(self, fullname):
            found = compiled.get(fullname)
            return f"{self.archive}/{found[0]}" if found else super().get_filename(fullname)

        def get_code(self, fullname):
            found = compiled.get(fullname)
            if found is None:
                return super().get_code(fullname)
            code = marshal.loads(found[1])
            _imp._fix_co_filename(code, f"{self.archive}/{found[0]}")  # tracebacks name the source in the zip
            return code

    def hook(path):
        importer = BundleImporter(path)
        if importer.archive != archive:
            raise ImportError("not this bundle")
        return importer

    sys.path_hooks.insert(0, hook)
    for path, importer in list(sys.path_importer_cache.items()):
        if isinstance(importer, zipimport.zipimporter) and importer.archive == archive:
            del sys.path_importer_cache[path]


if isinstance(__loader__, zipimport.zipimporter):
    use_bytecode(__loader__.archive)

from fwtui.cli import main  # noqa: E402 - after the importer is in place

sys.exit(main())
