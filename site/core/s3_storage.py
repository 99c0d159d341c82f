"""The same split as core.storage, in S3-compatible object storage (django-storages), for
production servers that keep no files of their own (settings/production.py chooses it).

Private objects (Wagtail's documents, councils' evidence files) never get a URL: the scoped view
that checks who may have them streams them from the bucket. Images are published content shown
on public pages, which shared caches may keep, so their URLs are plain, unsigned ones (a signed
link in a cached page would expire); the operator lets anyone read those prefixes only.
"""

from storages.backends.s3 import S3Storage

# Key prefixes anyone may read: Wagtail's original images and their renditions.
PUBLIC_PREFIXES = ("original_images/", "images/")


class NoURL(NotImplementedError):
    """What Wagtail's document view and Django expect of a storage with no URL for a file."""


class PrivateS3Storage(S3Storage):
    """Every object private: no URL, signed or not. Councils' evidence files."""

    def get_default_settings(self):
        # Never overwrite an object of the same name; never ask for a public ACL.
        return super().get_default_settings() | {"file_overwrite": False, "default_acl": None}

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NoURL("A private file has no URL: it is served by the app.")


class S3MediaStorage(S3Storage):
    """The default storage: images with plain URLs, anything else (Wagtail's "documents/") with
    none, as core.storage.MediaStorage keeps documents outside MEDIA_ROOT."""

    def get_default_settings(self):
        return super().get_default_settings() | {
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        }

    # Not "is_private", which core's migration 0007 takes to mean files on local disk.
    def has_public_url(self, name: str) -> bool:
        return str(name).replace("\\", "/").startswith(PUBLIC_PREFIXES)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.has_public_url(name):
            raise NoURL("A document has no public URL: it is served by the app.")
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
