"""An upload handler that stops reading a ledger upload once it passes the size limit."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitHandler(FileUploadHandler):
    """Counts the bytes of an upload and stops storing it past ``limit``; the view then says it is too large.

    Placed before Django's own handlers, so that an oversized file never fills the disk or memory.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.request_length = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        self.request_length = content_length or 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            # Read the rest of the request without keeping it, so that the page can answer normally.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int):
        return None

    @property
    def size(self) -> int:
        """The size of the refused upload, as far as it is known (the request is a little larger)."""
        return max(self.received, self.request_length)
