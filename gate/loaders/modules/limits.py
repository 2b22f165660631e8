"""Bounds on what one remote module may cost, in the style of gate/loaders/terraform_limits.py: the source
strings are the pull request's, and so is whatever a host it names sends back. Past a bound the module is not
read (an error or a notice, as the stage decides). The largest module of the shared corpus
(terraform-aws-vpc) is about 1 MB and 150 files unpacked."""

from __future__ import annotations

MAX_DOWNLOAD_BYTES = 32 * 1024 * 1024  # one HTTP response (an archive, a version list)
MAX_METADATA_BYTES = 1024 * 1024  # discovery documents and version lists
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # every file of one package, unpacked
MAX_FILE_BYTES = 16 * 1024 * 1024  # one file of a package
MAX_FILES = 5_000  # files and folders of one package
MAX_REDIRECTS = 5  # HTTP redirects followed by one request
MAX_GETTER_HOPS = 3  # X-Terraform-Get indirections (a registry's location, an HTTP source's header)
HTTP_TIMEOUT = 20.0  # seconds without progress on one connection
MAX_SECONDS = 120.0  # seconds for one response body, in all
GIT_TIMEOUT = 120.0  # seconds for one clone
MAX_MODULES_PER_SCAN = 200  # distinct remote packages one scan fetches


class FetchError(Exception):
    """A module that cannot be fetched; ``unreachable`` when the host could not be reached at all (no network,
    no such host), which is the environment's doing rather than the source's."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.unreachable = unreachable
