"""Where uploaded media live: MEDIA_ROOT on this machine, or a bucket of an
S3-compatible object store (AWS S3, MinIO, Cloudflare R2, ...) through
django-storages when MEDIA_STORAGE_BUCKET is set (see docs/deployment.md).

Nothing here imports boto3: without a bucket the site runs on the file
system with the storage library never loaded.

Media URLs are plain, unsigned addresses of public objects (the bucket's
own, or a CDN's with MEDIA_STORAGE_CUSTOM_DOMAIN). They have to be: they
are written into stored HTML (body images and their srcset) and into
pages kept in the page cache and at a CDN, where a signed URL would expire.
"""

from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"

# No object is ever replaced under its name: uploads get random names,
# renditions are named after their source, and the storage refuses to
# overwrite (it picks a new name instead). So browsers and CDNs may keep
# every object for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


def s3_media(bucket, *, endpoint_url="", region="", custom_domain=""):
    """``(STORAGES["default"], MEDIA_URL)`` for media in ``bucket``.

    ``endpoint_url`` is the API of a non-AWS service (its objects are
    addressed by path: ``<endpoint>/<bucket>/<name>``); ``custom_domain``
    the host (optionally ``https://host/path``) of a CDN in front of the
    bucket. Credentials come from boto3's usual places: AWS_ACCESS_KEY_ID
    and AWS_SECRET_ACCESS_KEY, a profile, or an instance role.
    """
    scheme, location = _public_location(bucket, endpoint_url, region, custom_domain)
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "addressing_style": "path" if endpoint_url else None,
        # URLs are built from this, without asking the API.
        "custom_domain": location,
        "url_protocol": f"{scheme}:",
        "querystring_auth": False,
        # No ACLs: the bucket's policy (or the CDN) decides who may read.
        "default_acl": None,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": IMMUTABLE},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, f"{scheme}://{location}/"


def _public_location(bucket, endpoint_url, region, custom_domain):
    if custom_domain:
        base = custom_domain if "://" in custom_domain else f"https://{custom_domain}"
    elif endpoint_url:
        base = f"{endpoint_url.rstrip('/')}/{bucket}"
    else:
        host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
        base = f"https://{bucket}.{host}"
    parts = urlsplit(base.rstrip("/"))
    return parts.scheme, parts.netloc + parts.path


def media_origin(media_url):
    """The origin of ``media_url`` when media are served from another host
    (for the Content-Security-Policy's img-src); None for this site."""
    parts = urlsplit(media_url)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None
