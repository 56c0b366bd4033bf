"""The one factory for the vector store: an embedded Chroma in data_dir, or a Chroma server.

We always compute embeddings ourselves and hand them to add/query, so collections are opened
with `embedding_function=None`: Chroma then never builds its default ONNX function (which
downloads a model and fails offline), and the stored collection records no function name, so
any later process can reopen it without registering anything.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from agent.config import Settings
from agent.errors import InterviewerError
from agent.paths import usable_dir

SPACE = "cosine"


class StoreError(InterviewerError):
    """The vector store cannot be opened or reached."""


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """host, port, ssl from e.g. http://localhost:8000 (port defaults: 8000, or 443 for https)."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise StoreError(f"MLSD_CHROMA_URL={url!r} is not a URL like http://localhost:8000.")
    ssl = parsed.scheme == "https"
    try:
        port = parsed.port or (443 if ssl else 8000)
    except ValueError:
        raise StoreError(f"MLSD_CHROMA_URL={url!r} has a bad port.") from None
    return parsed.hostname, port, ssl


def open_client(settings: Settings) -> Any:
    import chromadb

    if settings.chroma_url:
        host, port, ssl = parse_chroma_url(settings.chroma_url)
        try:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=_chroma_settings())
        except (ValueError, ConnectionError) as error:  # chromadb: ValueError when down
            raise StoreError(
                f"Could not reach the Chroma server at {settings.chroma_url} "
                f"(MLSD_CHROMA_URL): {error}"
            ) from None
    path = usable_dir(settings.data_dir / "index")
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def open_collection(settings: Settings, name: str = "knowledge") -> Any:
    """The named collection (created on first use), cosine space, no embedding function."""
    return open_client(settings).get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": SPACE}}
    )


def drop_collection(settings: Settings, name: str = "knowledge") -> None:
    """Delete the collection if it exists (a changed embedder may change the dimension)."""
    client = open_client(settings)
    if name in {c if isinstance(c, str) else c.name for c in client.list_collections()}:
        client.delete_collection(name)
