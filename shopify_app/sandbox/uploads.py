"""Files: staged-upload targets, generated product images, bulk operation results."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from .images import mime_type, scaled
from .state import SandboxState

blueprint = Blueprint("sandbox_files", __name__)


def _state() -> SandboxState:
    return current_app.extensions["sandbox"]


def _storage_error(status: int, code: str, message: str) -> Response:
    body = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return Response(body, status=status, mimetype="application/xml")


@blueprint.post("/sandbox/staged-uploads")
def staged_post() -> Response:
    """A storage-bucket style multipart POST: every parameter it was given, then `file`."""
    state = _state()
    key = request.form.get("key", "")
    target = state.staged.get(key)
    if target is None:
        return _storage_error(400, "InvalidArgument", "Unknown or missing key.")
    missing = [name for name, value in target["params"].items() if request.form.get(name) != value]
    if missing:
        return _storage_error(
            403,
            "InvalidPolicyDocument",
            "The policy is missing or does not match: " + ", ".join(sorted(missing)),
        )
    upload = request.files.get("file")
    if upload is None:
        return _storage_error(400, "InvalidArgument", "The file field is missing.")
    target["data"] = upload.read()
    body = (
        f"<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>{request.url_root}"
        f"sandbox/staged-uploads/{key}</Location><Key>{key}</Key></PostResponse>"
    )
    return Response(body, status=201, mimetype="application/xml")


@blueprint.put("/sandbox/staged-uploads/<path:key>")
def staged_put(key: str) -> Response:
    target = _state().staged.get(key)
    if target is None:
        return _storage_error(404, "NoSuchKey", "The specified key does not exist.")
    target["data"] = request.get_data()
    return Response(status=200)


@blueprint.get("/sandbox/staged-uploads/<path:key>")
def staged_get(key: str) -> Response:
    target = _state().staged.get(key)
    if target is None or target["data"] is None:
        return _storage_error(404, "NoSuchKey", "The specified key does not exist.")
    return Response(target["data"], mimetype="application/octet-stream")


@blueprint.get("/sandbox/files/images/<shop>/<name>")
def image_file(shop: str, name: str) -> Response:
    state = _state()
    store = state.shop(shop)
    stem = name.rsplit(".", 1)[0]
    if store is None or not stem.isdigit():
        abort(404)
    media = store.media.get(int(stem))
    if media is None or not media["_path"].endswith("/" + name):
        abort(404)
    spec = scaled(media["_image"], _dimension("width"), _dimension("height"))
    data = state.images.get(f"{shop}/{name}@{spec['width']}x{spec['height']}", spec)
    response = Response(data, mimetype=mime_type(spec))
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _dimension(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 5760 else None


@blueprint.get("/sandbox/files/bulk/<shop>/<name>")
def bulk_file(shop: str, name: str) -> Response:
    data = _state().files.get(f"/sandbox/files/bulk/{shop}/{name}")
    if data is None:
        abort(404)
    return Response(data, mimetype="application/jsonl")
