"""Where uploaded media is kept: images where the web server serves them, Wagtail's documents
where it cannot."""

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    """The default storage: MEDIA_ROOT, served at MEDIA_URL, except for names under
    ``private_prefixes`` (Wagtail's "documents/"), which are kept under ``private_location``
    and have no URL.

    A document in a collection restricted to signed-in people must reach nobody else, and only
    Wagtail's document view (/documents/<id>/<name>) checks that: a file under MEDIA_ROOT would
    be served to anyone by the proxy (or by runserver). Wagtail's document model takes the
    default storage, so the split is made here rather than by swapping the document model.
    """

    def __init__(self, *, private_location, private_prefixes=("documents/",), **kwargs):
        super().__init__(**kwargs)
        self.private_prefixes = tuple(private_prefixes)
        self.private = FileSystemStorage(location=private_location, base_url=None)

    def is_private(self, name: str) -> bool:
        return str(name).replace("\\", "/").startswith(self.private_prefixes)

    def _open(self, name, mode="rb"):
        return (
            self.private._open(name, mode) if self.is_private(name) else super()._open(name, mode)
        )

    def _save(self, name, content):
        return (
            self.private._save(name, content)
            if self.is_private(name)
            else super()._save(name, content)
        )

    def delete(self, name):
        return self.private.delete(name) if self.is_private(name) else super().delete(name)

    def exists(self, name):
        return self.private.exists(name) if self.is_private(name) else super().exists(name)

    def listdir(self, path):
        return self.private.listdir(path) if self.is_private(path) else super().listdir(path)

    def path(self, name):
        return self.private.path(name) if self.is_private(name) else super().path(name)

    def size(self, name):
        return self.private.size(name) if self.is_private(name) else super().size(name)

    def url(self, name):
        if self.is_private(name):
            # NotImplementedError is what Wagtail's document view expects of a storage with no
            # URL: it then serves the file itself, after the collection's privacy check.
            raise NotImplementedError("A document has no public URL: it is served by the app.")
        return super().url(name)

    def get_accessed_time(self, name):
        storage = self.private if self.is_private(name) else super()
        return storage.get_accessed_time(name)

    def get_created_time(self, name):
        storage = self.private if self.is_private(name) else super()
        return storage.get_created_time(name)

    def get_modified_time(self, name):
        storage = self.private if self.is_private(name) else super()
        return storage.get_modified_time(name)
